package keybound.server.api;

import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import keybound.bankapi.ProblemCode;
import keybound.bankapi.ProblemDocument;
import keybound.credentials.SecretChecksBusyException;
import keybound.credentials.VerifierUnavailableException;
import keybound.token.TokenException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API on Jetty's core handler: size-limits and reads the body, hands the endpoint an
 * {@link ApiRequest} with the connection's client certificate chain, and renders the answer as
 * JSON or, for any failure, as {@code application/problem+json}. An unexpected exception is
 * logged here with its stack trace and answered as a bare 500; the client never sees either.
 * Routing and reading never block; the endpoint runs on the server's {@link Workers}.
 */
public final class ApiHandler extends Handler.Abstract.NonBlocking {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    /** A request body must be complete this long after its headers, however slowly it comes. */
    public static final Duration BODY_DEADLINE = Duration.ofSeconds(10);
    private static final String JSON = "application/json";

    private final Router router;
    private final JsonCodec json;
    private final BodyReader bodies;

    public ApiHandler(Router router, JsonCodec json, int maxBodyBytes) {
        this.router = router;
        this.json = json;
        this.bodies = new BodyReader(maxBodyBytes);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        boolean head = "HEAD".equals(request.getMethod());
        Router.Route route;
        try {
            route = router.route(request.getMethod(), request.getHttpURI().getPath());
            requireBodyType(request, route.bodyType());
        } catch (ApiProblem problem) {
            refuse(request, response, callback, problem, head);
            return true;
        }
        // The endpoint runs once the whole body is here; no thread waits for it meanwhile.
        // Nobody waits on this future: whenComplete answers the request whatever the outcome.
        CompletableFuture<?> unused = bodies.read(request).orTimeout(BODY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS).whenComplete((body, failure) -> {
            if (failure == null) {
                if (!Workers.run(request, callback, () -> serve(route, request, response, callback, body, head))) {
                    Arrays.fill(body, (byte) 0); // serve never ran to wipe it
                }
            } else {
                refuse(request, response, BodyReader.answering(request, response, failure, BODY_DEADLINE, callback),
                        bodyProblem(request, failure), head);
            }
        });
        return true;
    }

    private void serve(Router.Route route, Request request, Response response, Callback callback, byte[] body, boolean head) {
        try {
            var apiRequest = new ApiRequest(request.getMethod(), request.getHttpURI().getPath(), headers(request), body,
                    clientChain(request), json);
            ApiResponse answer = route.endpoint().handle(apiRequest);
            if (answer.body() instanceof ApiResponse.Binary binary) {
                respond(response, callback, answer.status(), binary.mediaType(), binary.bytes(), head);
            } else if (answer.body() instanceof OneTimeSecrets once) {
                byte[] rendered = once.render(json);
                respond(response, OneTimeSecrets.wipingAfterWrite(callback, rendered), answer.status(), JSON, rendered, head);
            } else {
                respond(response, callback, answer.status(), JSON, answer.body() == null ? null : json.write(answer.body()), head);
            }
        } catch (ApiProblem problem) {
            refuse(request, response, callback, problem, head);
        } catch (SecretChecksBusyException e) {
            // Capacity, not a client fault nor ours: one line, nothing counted against the account.
            LOG.info("secret check refused for capacity on {} {}: {}", request.getMethod(), request.getHttpURI().getPath(),
                    e.getMessage());
            response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(e.retryAfter().toSeconds()));
            problem(response, callback, new ApiProblem(ProblemCode.SERVICE_BUSY), head);
        } catch (VerifierUnavailableException e) {
            router.metrics().tokenError("secret-check");
            LOG.warn("secret check unavailable on {} {}: {}", request.getMethod(), request.getHttpURI().getPath(), e.getMessage());
            problem(response, callback, new ApiProblem(ProblemCode.SERVICE_UNAVAILABLE), head);
        } catch (Exception e) {
            if (causedByToken(e)) {
                router.metrics().tokenError(request.getHttpURI().getPath());
            }
            LOG.error("unexpected failure on {} {}", request.getMethod(), request.getHttpURI().getPath(), e);
            problem(response, callback, new ApiProblem(ProblemCode.INTERNAL_ERROR), head);
        } finally {
            // The body may hold secrets; Jackson has copied what it needed.
            Arrays.fill(body, (byte) 0);
        }
    }

    /** Whether a token (the CA key's, through SunPKCS11 or the IAIK wrapper) is behind {@code failure}. */
    private static boolean causedByToken(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TokenException) {
                return true;
            }
        }
        return false;
    }

    private void refuse(Request request, Response response, Callback callback, ApiProblem problem, boolean head) {
        if (problem.code() == ProblemCode.METHOD_NOT_ALLOWED) {
            response.getHeaders().put(HttpHeader.ALLOW, router.allowed(request.getHttpURI().getPath()));
        }
        problem(response, callback, problem, head);
    }

    /**
     * Too large, too slow (not complete within {@link #BODY_DEADLINE}) or cut off: the client's
     * doing, so one log line without a stack trace.
     */
    private static ApiProblem bodyProblem(Request request, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ApiProblem problem) {
            return problem;
        }
        boolean late = cause instanceof TimeoutException;
        LOG.info("request body not received on {} {}: {}", request.getMethod(), request.getHttpURI().getPath(),
                late ? "not complete within " + BODY_DEADLINE.toSeconds() + " s" : cause.getClass().getSimpleName());
        return late ? new ApiProblem(ProblemCode.BODY_TIMEOUT)
                : new ApiProblem(ProblemCode.BAD_REQUEST, "The request body was not received in full.");
    }

    private void problem(Response response, Callback callback, ApiProblem problem, boolean head) {
        respond(response, callback, problem.code().status(), ProblemDocument.MEDIA_TYPE,
                json.write(ProblemDocument.of(problem.code(), problem.detail())), head);
    }

    /** With {@code head}, the headers a GET would get (its length included) and no body. */
    private static void respond(Response response, Callback callback, int status, String contentType, byte[] bytes,
            boolean head) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (bytes == null) {
            response.write(true, null, callback);
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Long.toString(bytes.length));
        response.write(true, head ? null : ByteBuffer.wrap(bytes), callback);
    }

    private static void requireBodyType(Request request, String expected) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        boolean hasBody = request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        if (hasBody && (type == null || !type.toLowerCase(Locale.ROOT).startsWith(expected))) {
            throw new ApiProblem(ProblemCode.UNSUPPORTED_MEDIA_TYPE);
        }
    }

    private static Map<String, String> headers(Request request) {
        Map<String, String> headers = new HashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.putIfAbsent(field.getLowerCaseName(), field.getValue());
        }
        return headers;
    }

    private static List<X509Certificate> clientChain(Request request) {
        Object data = request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
        if (data instanceof EndPoint.SslSessionData ssl && ssl.peerCertificates() != null) {
            return List.of(ssl.peerCertificates());
        }
        return List.of();
    }
}
