package keybound.server.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import keybound.credentials.SecretChecksBusyException;
import keybound.credentials.VerifierUnavailableException;
import keybound.issuer.Issuer;
import keybound.issuer.IssuerConfig;
import keybound.logon.Account;
import keybound.logon.LogonService;
import keybound.logon.StoreFullException;
import keybound.server.api.ApiProblem;
import keybound.server.api.ApiHandler;
import keybound.server.api.BodyReader;
import keybound.server.api.OneTimeSecrets;
import keybound.server.api.Router;
import keybound.server.api.Workers;
import keybound.server.metrics.BankMetrics;
import keybound.bankapi.ProblemCode;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bank's web pages under {@code /web/} (and {@code /} redirecting there), on Jetty's core
 * handler API beside the JSON API. Every page: security headers, no caching, the CSRF check on
 * every POST before anything else runs, and one refusal page per problem. The pages call the
 * logon service and the issuer exactly as the JSON handlers do (see {@link LogonPages},
 * {@link ContractPages}, {@link StatusPage}); templates are jte, precompiled, HTML-escaped.
 * As in the API, reading never blocks and each page is answered on the server's {@link Workers}.
 */
public final class WebPages extends Handler.Abstract.NonBlocking {

    static final String ROOT = "/web/";
    private static final Logger LOG = LoggerFactory.getLogger(WebPages.class);
    private static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";
    private static final String STYLE_PATH = ROOT + "style.css";
    /** The largest form any page posts is a few hundred bytes. */
    private static final int MAX_FORM_BYTES = 4096;

    /** A page: reads the request, calls the services, answers a view or a redirect. */
    interface Action {
        Page handle(WebRequest request);
    }

    private final Map<String, Map<String, Action>> routes = new HashMap<>();
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
    private final BodyReader bodies;
    private final Csrf csrf;
    private final byte[] style = resource("style.css");

    /** The pages over {@code logon} and {@code issuer}, their logons reported to {@code metrics} as the API's are. */
    public WebPages(LogonService logon, Issuer issuer, IssuerConfig config, BankMetrics metrics, Clock clock) {
        SecureRandom random = new SecureRandom();
        this.bodies = new BodyReader(MAX_FORM_BYTES);
        this.csrf = new Csrf(random, logon.origin());
        WebSessions sessions = new WebSessions(logon);
        new LogonPages(logon, sessions, metrics).register(this);
        new ContractPages(issuer, config, sessions, clock).register(this);
        new StatusPage(issuer, config, sessions, clock).register(this);
    }

    /** A handler serving these pages for {@code /} and {@code /web/…} and {@code other} for every other path. */
    public Handler beside(Handler other) {
        WebPages pages = this;
        return new Handler.Wrapper(other) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = request.getHttpURI().getPath();
                if (path.equals("/") || path.startsWith(ROOT) || path.equals("/web")) {
                    return pages.handle(request, response, callback);
                }
                return super.handle(request, response, callback);
            }

            @Override
            public InvocationType getInvocationType() {
                return Invocable.combine(pages.getInvocationType(), super.getInvocationType());
            }
        };
    }

    void get(String path, Action action) {
        add("GET", path, action);
    }

    void post(String path, Action action) {
        add("POST", path, action);
    }

    private void add(String method, String path, Action action) {
        if (routes.computeIfAbsent(path, p -> new HashMap<>()).putIfAbsent(method, action) != null) {
            throw new IllegalStateException("page defined twice: " + method + " " + path);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        WebRequest web = new WebRequest(request);
        String path = web.path();
        boolean head = web.method().equals("HEAD");
        if (path.equals(STYLE_PATH) && (head || web.method().equals("GET"))) {
            send(response, callback, 200, "text/css; charset=utf-8", style.clone(), Lang.JA, head);
            return true;
        }
        if (web.method().equals("POST") && routes.getOrDefault(path, Map.of()).containsKey("POST") && isForm(request)) {
            // The form is read as its bytes arrive: no worker thread waits for a slow client.
            CompletableFuture<?> unused = bodies.within(request, ApiHandler.BODY_DEADLINE).whenComplete((body, failure) -> {
                boolean taken = Workers.run(request, callback, () -> serveOrFail(web, request, response,
                        BodyReader.answering(request, response, failure, ApiHandler.BODY_DEADLINE, callback), head, body,
                        failure));
                if (!taken && body != null) {
                    Arrays.fill(body, (byte) 0); // the page never ran to wipe the form
                }
            });
        } else {
            Workers.run(request, callback, () -> serveOrFail(web, request, response, callback, head, new byte[0], null));
        }
        return true;
    }

    private void serveOrFail(WebRequest web, Request request, Response response, Callback callback, boolean head,
            byte[] body, Throwable failure) {
        try {
            serve(web, request, response, callback, head, body, failure);
        } catch (RuntimeException e) {
            LOG.error("could not answer page {} {}", web.method(), web.path(), e);
            callback.failed(e);
        }
    }

    /** Answers with the page for the request, its form's {@code body} read (or {@code failure} instead). */
    private void serve(WebRequest web, Request request, Response response, Callback callback, boolean head, byte[] body,
            Throwable failure) {
        String path = web.path();
        Optional<String> knownToken = csrf.existing(web);
        String token = knownToken.orElseGet(csrf::fresh);
        Page page = answer(web, request, body, failure);
        if (knownToken.isEmpty()) {
            page.cookie(Cookies.set(Cookies.CSRF, token));
        }
        web.langAskedFor().ifPresent(lang -> page.cookie(Cookies.set(Cookies.LANG, lang.tag())));
        if (page.status() == ProblemCode.METHOD_NOT_ALLOWED.status()) {
            response.getHeaders().put(HttpHeader.ALLOW, allowed(path));
        }
        render(web, page, token, response, callback, head);
    }

    /** The page for this request: its action's, or the refusal page of whatever stopped it. */
    private Page answer(WebRequest web, Request request, byte[] body, Throwable failure) {
        String path = web.path();
        try {
            if (path.equals("/") || path.equals("/web")) {
                return Page.redirect(ROOT);
            }
            Action action = action(web.method(), path);
            if (web.method().equals("POST")) {
                requireForm(request);
                if (failure != null) {
                    throw BodyReader.problem(failure);
                }
                web.form(Form.parse(body));
                csrf.check(web);
            }
            return action.handle(web);
        } catch (ApiProblem problem) {
            return Refusals.page(problem.code(), null);
        } catch (Refusals.InvalidInputException e) {
            return Refusals.page(ProblemCode.INVALID_FIELD, e.shown());
        } catch (Csrf.CsrfRefusedException e) {
            LOG.info("form refused on {}: {}", path, e.getMessage());
            return Refusals.page(Refusals.FORM_EXPIRED, 403);
        } catch (Form.BadFormException e) {
            return Refusals.page(ProblemCode.BAD_REQUEST, null);
        } catch (StoreFullException e) {
            return Refusals.page(ProblemCode.SERVICE_BUSY, null);
        } catch (SecretChecksBusyException e) {
            // Too many secret checks at once: refused before judging, nothing counted.
            LOG.info("secret check refused for capacity on page {} {}: {}", web.method(), path, e.getMessage());
            return Refusals.page(ProblemCode.SERVICE_BUSY, null);
        } catch (VerifierUnavailableException e) {
            // The secret was not judged (the bank's token is unavailable): nothing counted, try again later.
            LOG.warn("secret check unavailable on page {} {}: {}", web.method(), path, e.getMessage());
            return Refusals.page(ProblemCode.SERVICE_UNAVAILABLE, null);
        } catch (Exception e) {
            LOG.error("unexpected failure on page {} {}", web.method(), path, e);
            return Refusals.page(ProblemCode.INTERNAL_ERROR, null);
        } finally {
            // The body may hold secrets; the form has its own copies, wiped here too.
            if (body != null) {
                Arrays.fill(body, (byte) 0);
            }
            if (web.hasForm()) {
                web.form().close();
            }
        }
    }

    private Action action(String method, String path) {
        Map<String, Action> byMethod = routes.get(path);
        if (byMethod == null) {
            throw new ApiProblem(ProblemCode.NOT_FOUND);
        }
        // HEAD is a GET without the body (the headers, its length included, are the same)
        Action action = byMethod.get("HEAD".equals(method) ? "GET" : method);
        if (action == null) {
            throw new ApiProblem(ProblemCode.METHOD_NOT_ALLOWED);
        }
        return action;
    }

    /** The methods a page takes, for the {@code Allow} header of a 405 (HEAD wherever GET is). */
    private String allowed(String path) {
        return Router.allowHeader(routes.getOrDefault(path, Map.of()).keySet());
    }

    private static void requireForm(Request request) {
        if (!isForm(request)) {
            throw new ApiProblem(ProblemCode.UNSUPPORTED_MEDIA_TYPE);
        }
    }

    private static boolean isForm(Request request) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        return type != null && type.toLowerCase(Locale.ROOT).startsWith(Form.MEDIA_TYPE);
    }

    private void render(WebRequest web, Page page, String token, Response response, Callback callback, boolean head) {
        page.cookies().forEach(cookie -> response.getHeaders().add(HttpHeader.SET_COOKIE, cookie));
        if (page.location().isPresent()) {
            response.getHeaders().put(HttpHeader.LOCATION, page.location().get());
            send(response, callback, page.status(), null, null, web.lang(), head);
            return;
        }
        Texts texts = Texts.of(web.lang());
        Map<String, Object> values = new HashMap<>(page.values());
        values.put("f", new Frame(texts, token, switchHref(web), web.session().map(s -> who(texts, s.account()))));
        PageOutput output = new PageOutput();
        try {
            templates.render(page.template().orElseThrow(), values, output);
        } finally {
            page.shownOnce().forEach(ShownOnce::wipe);
        }
        byte[] bytes = output.take();
        send(response, OneTimeSecrets.wipingAfterWrite(callback, bytes), page.status(), "text/html; charset=utf-8", bytes,
                web.lang(), head);
    }

    /** The other language's link: this page again if it can be fetched, else the top page. */
    private String switchHref(WebRequest web) {
        String other = "?lang=" + web.lang().other().tag();
        boolean gettable = web.method().equals("GET") && routes.getOrDefault(web.path(), Map.of()).containsKey("GET");
        return (gettable ? web.path() : ROOT) + other;
    }

    private static String who(Texts texts, Account account) {
        return account instanceof Account.User user
                ? texts.format("who.user", user.userId(), user.contractId())
                : texts.format("who.administrator", account.contractId());
    }

    /** With {@code head}, the headers a GET would get (its length included) and no body. */
    private static void send(Response response, Callback callback, int status, String contentType, byte[] bytes, Lang lang,
            boolean head) {
        response.setStatus(status);
        var headers = response.getHeaders();
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put("Content-Security-Policy", CSP);
        headers.put("Referrer-Policy", "no-referrer");
        headers.put(HttpHeader.STRICT_TRANSPORT_SECURITY, "max-age=63072000");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        if (bytes == null) {
            response.write(true, null, callback);
            return;
        }
        headers.put(HttpHeader.CONTENT_TYPE, contentType);
        headers.put(HttpHeader.CONTENT_LANGUAGE, lang.tag());
        headers.put(HttpHeader.CONTENT_LENGTH, Long.toString(bytes.length));
        response.write(true, head ? null : ByteBuffer.wrap(bytes), callback);
    }

    private static byte[] resource(String name) {
        try (InputStream in = WebPages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
