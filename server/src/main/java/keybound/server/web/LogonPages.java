package keybound.server.web;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import keybound.logon.Account;
import keybound.logon.AttemptId;
import keybound.logon.LogonService;
import keybound.logon.LogonStep;
import keybound.logon.SecondFactor;
import keybound.logon.SecondStepPrompt;
import keybound.logon.UserAdmission;
import keybound.server.api.ApiProblem;
import keybound.server.api.Measured;
import keybound.server.logon.LogonApi;
import keybound.server.metrics.BankMetrics;
import keybound.bankapi.ProblemCode;

/**
 * Certificate-method logon in the browser (manual I-3, II-2), over the same {@link LogonService}
 * calls as {@code LogonApi}:
 * <pre>
 *   GET  /web/                   top page: 電子証明書方式ログオン, or help when no certificate came
 *   POST /web/logon/user         a user's ト with the connection's certificate → session cookie (II-2, one request)
 *   POST /web/logon              the connection's certificate → the second-step page
 *   POST /web/logon/second-step  ト, or イ + the customer-card cells, or イ + TOTP → session cookie
 *   GET  /web/home               to the contract pages or the status page
 *   POST /web/logoff             ends the session at the bank
 * </pre>
 * A denial becomes the refusal page of the problem code its reason declares, as in the API, and
 * each step is counted in the metrics under the API's labels ({@code mutual-tls}, {@code second-step}).
 */
final class LogonPages {

    private static final Pattern CELL = Pattern.compile("[A-Z][0-9]{1,2}");
    private static final int MAX_CELLS = 8;

    private final LogonService logon;
    private final WebSessions sessions;
    private final BankMetrics metrics;

    LogonPages(LogonService logon, WebSessions sessions, BankMetrics metrics) {
        this.logon = logon;
        this.sessions = sessions;
        this.metrics = metrics;
    }

    void register(WebPages pages) {
        pages.get(WebPages.ROOT, this::top);
        pages.post(WebPages.ROOT + "logon/user", this::userLogon);
        pages.post(WebPages.ROOT + "logon", measured("mutual-tls", this::start));
        pages.post(WebPages.ROOT + "logon/second-step", measured("second-step", this::secondStep));
        pages.get(WebPages.ROOT + "home", this::home);
        pages.post(WebPages.ROOT + "logoff", this::logoff);
    }

    /** A logon step reported as the API reports it: the second-step page, granted (a redirect), or the refusal's code. */
    private WebPages.Action measured(String step, WebPages.Action action) {
        return request -> Measured.call(() -> action.handle(request),
                page -> page.location().isPresent() ? "granted" : "second-step",
                (result, took) -> metrics.logonAnswered(step, result, took));
    }

    private Page top(WebRequest request) {
        if (sessions.current(request).isPresent()) {
            return Page.redirect(WebPages.ROOT + "home");
        }
        Optional<X509Certificate> certificate = request.clientCertificate();
        // A user's current certificate gets the ト field here, and the logon takes one request (no
        // pending logon to store and consume); any other certificate goes through POST /web/logon.
        return Page.view("top.jte", Map.of("certificate",
                certificate.map(c -> c.getSubjectX500Principal().getName(X500Principal.RFC2253)).orElse(""),
                "user", logon.presentsUserCertificate(certificate)));
    }

    private Page start(WebRequest request) {
        return answer(logon.startWithCertificate(request.clientCertificate()));
    }

    /** II-2 in one request, as the API's {@code POST /logon/user}, reported under the same two steps. */
    private Page userLogon(WebRequest request) {
        UserAdmission admission = LogonApi.admitUser(logon, request.clientCertificate(), metrics);
        char[] pin = required(request.form(), "userPin").clone(); // wiped by logon; the form's own by the handler
        return Measured.call(() -> answer(logon.completeUser(admission, pin)), page -> "granted",
                (result, took) -> metrics.logonAnswered("second-step", result, took));
    }

    private Page secondStep(WebRequest request) {
        Form form = request.form();
        AttemptId attempt = form.text("attempt").flatMap(AttemptId::parse)
                .orElseThrow(() -> new ApiProblem(ProblemCode.ATTEMPT_INVALID));
        return answer(logon.completeSecondStep(attempt, factor(form), request.clientFingerprint()));
    }

    private Page home(WebRequest request) {
        Account account = sessions.require(request).account();
        return Page.redirect(WebPages.ROOT + (account instanceof Account.User ? "status" : "admin/users"));
    }

    private Page logoff(WebRequest request) {
        boolean ended = sessions.logoff(request);
        return Page.view("loggedOff.jte", Map.of("ended", ended)).cookie(Cookies.clear(Cookies.SESSION));
    }

    private Page answer(LogonStep step) {
        if (step instanceof LogonStep.Granted granted) {
            return Page.redirect(WebPages.ROOT + "home")
                    .cookie(Cookies.set(Cookies.SESSION, granted.session().id().value()));
        }
        if (step instanceof LogonStep.SecondStepRequired required) {
            Map<String, Object> values = new HashMap<>();
            values.put("attempt", required.pending().id().value());
            values.put("seconds", logon.policy().secondStepLifetime().toSeconds());
            if (required.pending().prompt() instanceof SecondStepPrompt.ContractPinAndOneTimePassword prompt) {
                values.put("cells", prompt.card().labels());
                values.put("totp", prompt.totpAccepted());
                return Page.view("secondStepAdministrator.jte", values);
            }
            return Page.view("secondStepUser.jte", values);
        }
        throw new ApiProblem(((LogonStep.Denied) step).reason().problem());
    }

    /** The form's answer, as {@code LogonApi} builds it from JSON; the form's own arrays are wiped by the handler. */
    private static SecondFactor factor(Form form) {
        String kind = form.text("kind").orElse("");
        return switch (kind) {
            case "user" -> new SecondFactor.UserPin(required(form, "userPin").clone());
            case "totp" -> new SecondFactor.ContractPinAndOneTimePassword(required(form, "contractPin").clone(),
                    SecondFactor.OneTimePassword.TOTP, required(form, "totp").clone());
            case "card" -> new SecondFactor.ContractPinAndOneTimePassword(required(form, "contractPin").clone(),
                    SecondFactor.OneTimePassword.CARD, cardDigits(form));
            default -> throw new ApiProblem(ProblemCode.BAD_REQUEST);
        };
    }

    /** The digits of each asked cell, in the order asked, as the station sends them. */
    private static char[] cardDigits(Form form) {
        List<String> cells = new ArrayList<>();
        for (String cell : form.text("cells").orElse("").split(" ", -1)) {
            if (!CELL.matcher(cell).matches() || cells.size() == MAX_CELLS) {
                throw new ApiProblem(ProblemCode.BAD_REQUEST);
            }
            cells.add(cell);
        }
        int length = 0;
        for (String cell : cells) {
            length += required(form, "cell-" + cell).length;
        }
        char[] digits = new char[length];
        int at = 0;
        for (String cell : cells) {
            char[] value = required(form, "cell-" + cell);
            System.arraycopy(value, 0, digits, at, value.length);
            at += value.length;
        }
        return digits;
    }

    /** An empty secret is a wrong one: it counts toward lockout like any other, as in the API. */
    private static char[] required(Form form, String name) {
        return form.secret(name).orElseGet(() -> new char[0]);
    }

}
