package keybound.server.logon;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import keybound.bankapi.BankApi;
import java.util.function.Function;
import keybound.logon.Account;
import keybound.logon.AttemptId;
import keybound.logon.LogonService;
import keybound.logon.LogonStep;
import keybound.logon.PendingLogon;
import keybound.logon.SecondFactor;
import keybound.logon.SecondStepPrompt;
import keybound.logon.StoreFullException;
import keybound.logon.UserAdmission;
import keybound.logon.challenge.ChallengeAnswer;
import keybound.logon.challenge.LogonChallenge;
import keybound.logon.challenge.Nonce;
import keybound.logon.session.LogonSession;
import keybound.server.metrics.BankMetrics;
import keybound.server.api.ApiProblem;
import keybound.server.api.ApiRequest;
import keybound.server.api.ApiResponse;
import keybound.server.api.Endpoint;
import keybound.server.api.Measured;
import keybound.bankapi.ProblemCode;
import keybound.logon.DenialReason;
import keybound.server.api.Router;
import keybound.token.Secret;

/**
 * The logon endpoints over {@link LogonService}:
 * <pre>
 *   POST /logon/challenge          → a nonce to sign                       (signed-challenge method)
 *   POST /logon/challenge/answer   nonce + certificate + signature → second step
 *   POST /logon/mtls               the connection's client certificate → second step
 *   POST /logon/second-step        ト, or イ + card digits, or イ + TOTP → session
 *   POST /logon/user               ト, with the connection's client certificate → session (users, one request)
 *   POST /logon/password           A + B + イ → session (before the first administrator certificate)
 *   GET  /session                  the session's holder and timeouts
 *   POST /logoff                   ends the session
 * </pre>
 * Wrong secrets of any factor are the same 401 {@code credentials-rejected}; see {@link DenialReason}
 * for the refusals that are told apart.
 */
public final class LogonApi {

    private final LogonService logon;
    private final SessionGuard sessions;
    private final BankMetrics metrics;

    public LogonApi(LogonService logon) {
        this(logon, BankMetrics.NONE);
    }

    /** Logon endpoints reporting each step's result and time to {@code metrics}. */
    public LogonApi(LogonService logon, BankMetrics metrics) {
        this.logon = Objects.requireNonNull(logon, "logon");
        this.sessions = new SessionGuard(logon);
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    public void register(Router router) {
        router.post("/logon/challenge", busyAware(this::challenge));
        router.post("/logon/challenge/answer", measured("signed-challenge", busyAware(this::answerChallenge)));
        router.post("/logon/mtls", measured("mutual-tls", busyAware(this::mutualTls)));
        router.post("/logon/second-step", measured("second-step", this::secondStep));
        router.post("/logon/user", this::userLogon);
        router.post("/logon/password", measured("password", this::password));
        router.get("/session", this::session);
        router.post("/logoff", this::logoff);
    }

    private ApiResponse challenge(ApiRequest request) {
        LogonChallenge challenge = logon.issueChallenge();
        return ApiResponse.ok(new BankApi.Challenge(challenge.nonce().value(), challenge.origin(),
                challenge.expiresAt().getEpochSecond()));
    }

    private ApiResponse answerChallenge(ApiRequest request) {
        var body = request.body(BankApi.ChallengeAnswer.class);
        Nonce nonce = parse(body.nonce(), Nonce::new, "nonce");
        X509Certificate signer = certificate(body.certificate());
        byte[] signature = parse(body.signature(), Base64.getDecoder()::decode, "signature");
        return answer(logon.startWithChallenge(new ChallengeAnswer(nonce, signature), signer, request.clientFingerprint()));
    }

    private ApiResponse mutualTls(ApiRequest request) {
        return answer(logon.startWithCertificate(request.clientCertificate()));
    }

    private ApiResponse secondStep(ApiRequest request) {
        try (var body = request.body(BankApi.SecondStepAnswer.class)) {
            AttemptId attempt = AttemptId.parse(body.attempt())
                    .orElseThrow(() -> new ApiProblem(ProblemCode.INVALID_FIELD, "Invalid field: attempt"));
            return answer(withSecondFactor(body, factor -> logon.completeSecondStep(attempt, factor, request.clientFingerprint())));
        }
    }

    /**
     * A user's logon in one request: the connection's certificate, then ト, with no pending logon
     * stored between them. Reported as the two steps it stands for ({@code mutual-tls}, then
     * {@code second-step}), so the logon metrics read alike whichever way a user logs on.
     */
    private ApiResponse userLogon(ApiRequest request) {
        try (var body = request.body(BankApi.UserLogon.class)) {
            if (body.userPin() == null) {
                throw new ApiProblem(ProblemCode.INVALID_FIELD, "Missing field: userPin");
            }
            UserAdmission admission = admitUser(logon, request.clientCertificate(), metrics);
            // logon wipes the array it is given; this is a copy lent for the call
            return Measured.call(() -> answer(body.userPin().withChars(pin -> logon.completeUser(admission, pin))),
                    granted -> "granted", (result, took) -> metrics.logonAnswered("second-step", result, took));
        }
    }

    /**
     * The first half of a user's logon in one request, here and in the web pages: the connection's
     * certificate admitted, reported as the {@code mutual-tls} step it stands for.
     *
     * @throws ApiProblem the certificate was refused, with its reason's problem
     */
    public static UserAdmission admitUser(LogonService logon, Optional<X509Certificate> certificate, BankMetrics metrics) {
        UserAdmission admission = Measured.call(() -> logon.admitUser(certificate),
                admitted -> admitted.refusal().map(denied -> denied.reason().problem().code()).orElse("second-step"),
                (result, took) -> metrics.logonAnswered("mutual-tls", result, took));
        admission.refusal().ifPresent(denied -> {
            throw new ApiProblem(denied.reason().problem());
        });
        return admission;
    }

    private ApiResponse password(ApiRequest request) {
        try (var body = request.body(BankApi.PasswordLogon.class)) {
            if (body.contractId() == null || !body.contractId().matches("[0-9]{4,20}")
                    || body.confirmationPassword() == null || body.contractPin() == null) {
                throw new ApiProblem(ProblemCode.INVALID_FIELD, "contractId, confirmationPassword and contractPin are required.");
            }
            // logon wipes the arrays it is given; these are copies lent for the call
            return answer(body.confirmationPassword().withChars(b -> body.contractPin().withChars(
                    i -> logon.logonWithPassword(body.contractId(), b, i, request.clientFingerprint()))));
        }
    }

    private ApiResponse session(ApiRequest request) {
        LogonSession session = sessions.require(request);
        return ApiResponse.ok(sessionBody(session, false));
    }

    private ApiResponse logoff(ApiRequest request) {
        LogonSession session = sessions.require(request);
        logon.logoff(session.id(), request.clientFingerprint());
        return ApiResponse.noContent();
    }

    private ApiResponse answer(LogonStep step) {
        if (step instanceof LogonStep.SecondStepRequired required) {
            return ApiResponse.ok(secondStepBody(required.pending()));
        }
        if (step instanceof LogonStep.Granted granted) {
            return ApiResponse.ok(sessionBody(granted.session(), true));
        }
        throw new ApiProblem(((LogonStep.Denied) step).reason().problem());
    }

    /**
     * Runs {@code use} over the body's answer as a {@link SecondFactor} whose arrays are lent from
     * the body's secrets for that call only (logon wipes them too once checked).
     */
    private static LogonStep withSecondFactor(BankApi.SecondStepAnswer body, Function<SecondFactor, LogonStep> use) {
        boolean user = body.userPin() != null && body.contractPin() == null && body.cardDigits() == null && body.totp() == null;
        boolean card = body.userPin() == null && body.contractPin() != null && body.cardDigits() != null && body.totp() == null;
        boolean totp = body.userPin() == null && body.contractPin() != null && body.cardDigits() == null && body.totp() != null;
        if (user) {
            return body.userPin().withChars(pin -> use.apply(new SecondFactor.UserPin(pin)));
        }
        if (card) {
            return withOneTimePassword(body.contractPin(), SecondFactor.OneTimePassword.CARD, body.cardDigits(), use);
        }
        if (totp) {
            return withOneTimePassword(body.contractPin(), SecondFactor.OneTimePassword.TOTP, body.totp(), use);
        }
        throw new ApiProblem(ProblemCode.INVALID_FIELD,
                "Send userPin alone, or contractPin with exactly one of cardDigits and totp.");
    }

    private static LogonStep withOneTimePassword(Secret contractPin, SecondFactor.OneTimePassword kind, Secret password,
            Function<SecondFactor, LogonStep> use) {
        return contractPin.withChars(pin -> password.withChars(
                otp -> use.apply(new SecondFactor.ContractPinAndOneTimePassword(pin, kind, otp))));
    }

    private static BankApi.SecondStep secondStepBody(PendingLogon pending) {
        long expires = pending.expiresAt().getEpochSecond();
        if (pending.prompt() instanceof SecondStepPrompt.ContractPinAndOneTimePassword prompt) {
            return new BankApi.SecondStep(pending.id().value(), expires, "contract-pin-and-one-time-password",
                    prompt.card().labels(), prompt.totpAccepted());
        }
        return new BankApi.SecondStep(pending.id().value(), expires, "user-pin", List.of(), false);
    }

    private BankApi.Session sessionBody(LogonSession session, boolean withId) {
        Account account = session.account();
        var accountBody = account instanceof Account.User user
                ? BankApi.Account.ofUser(user.contractId(), user.userId())
                : BankApi.Account.ofAdministrator(account.contractId());
        var policy = logon.policy().sessions();
        return new BankApi.Session(withId ? session.id().value() : null, accountBody, session.method().name(),
                policy.idleTimeout().toSeconds(), session.createdAt().plus(policy.absoluteTimeout()).getEpochSecond());
    }

    private static X509Certificate certificate(String base64) {
        byte[] der = parse(base64, Base64.getDecoder()::decode, "certificate");
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | ClassCastException e) {
            throw new ApiProblem(ProblemCode.INVALID_FIELD, "Invalid field: certificate");
        }
    }

    private static <T> T parse(String value, Function<String, T> parser, String field) {
        if (value == null) {
            throw new ApiProblem(ProblemCode.INVALID_FIELD, "Missing field: " + field);
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(ProblemCode.INVALID_FIELD, "Invalid field: " + field);
        }
    }

    /** Reports the step's result: {@code second-step} (first proof accepted), {@code granted}, or the refusal's code. */
    private Endpoint measured(String step, Endpoint endpoint) {
        return Measured.endpoint(endpoint, answer -> answer.body() instanceof BankApi.SecondStep ? "second-step" : "granted",
                (result, took) -> metrics.logonAnswered(step, result, took));
    }

    /** Challenges and pending logons are handed out before authentication, so their stores are bounded. */
    private static Endpoint busyAware(Endpoint endpoint) {
        return request -> {
            try {
                return endpoint.handle(request);
            } catch (StoreFullException e) {
                throw new ApiProblem(ProblemCode.SERVICE_BUSY);
            }
        };
    }
}
