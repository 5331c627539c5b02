package keybound.server.issuer;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import keybound.issuer.IssuerConfig;
import keybound.issuer.refusal.IssuerException;
import keybound.issuer.Issuer;
import keybound.issuer.ca.RevocationReason;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.RegisteredUser;
import keybound.issuer.contract.Role;
import keybound.issuer.contract.UserId;
import keybound.issuer.enrollment.AdministratorCredentials;
import keybound.issuer.store.CertificateRecord;
import keybound.logon.Account;
import keybound.logon.session.LogonSession;
import keybound.server.api.ApiProblem;
import keybound.server.api.ApiRequest;
import keybound.server.api.ApiResponse;
import keybound.bankapi.ProblemCode;
import keybound.server.api.Router;
import keybound.bankapi.BankApi;
import keybound.server.logon.SessionGuard;
import keybound.token.Secret;

/**
 * What a logged-on account may do (manual I-3 and II-2), in a session:
 * <pre>
 *   GET  /admin/users             the contract's users                          administrator session
 *   POST /admin/users/register    ニ + ロ → the user's initial ト and チ, once   administrator session
 *   POST /admin/users/authorise   ニ + ロ (+ expiry) → a certificate authorisation  administrator session
 *   POST /admin/users/revoke      ニ → the serials revoked                      administrator session
 *   GET  /admin/contract          users and certificates                        administrator session
 *   GET  /user/status             the user status page's data                   user session
 * </pre>
 * Administrator operations need a session made by certificate; the issuer is handed the
 * administrator's certificate (the connection's, which the session is bound to, or, for a
 * signed-challenge session without one, the contract's current administrator certificate).
 */
public final class AccountApi {

    private final Issuer issuer;
    private final SessionGuard sessions;
    private final Duration maxAuthorisation;
    private final java.time.Clock clock;
    private final RevocationApi revocations;

    public AccountApi(Issuer issuer, SessionGuard sessions, IssuerConfig config, java.time.Clock clock,
            RevocationApi revocations) {
        this.revocations = revocations;
        this.issuer = issuer;
        this.sessions = sessions;
        this.maxAuthorisation = config.maxAuthorisation();
        this.clock = clock;
    }

    public void register(Router router) {
        router.get("/admin/users", this::users);
        router.post("/admin/users/register", this::registerUser);
        router.post("/admin/users/authorise", this::authorise);
        router.post("/admin/users/revoke", this::revoke);
        router.post("/admin/users/reset", this::resetSecrets);
        router.post("/admin/users/suspend", request -> change(request, issuer.users()::suspend));
        router.post("/admin/users/resume", request -> change(request, issuer.users()::resume));
        router.get("/admin/contract", this::contract);
        router.post("/admin/totp/enrol", this::enrolTotp);
        router.post("/admin/totp/remove", this::removeTotp);
        router.get("/user/status", this::userStatus);
    }

    private ApiResponse users(ApiRequest request) {
        X509Certificate admin = administrator(request);
        return issuing(() -> ApiResponse.ok(new BankApi.Users(issuer.users().list(admin).stream().map(Wire::user).toList())));
    }

    private ApiResponse registerUser(ApiRequest request) {
        X509Certificate admin = administrator(request);
        try (var body = request.body(BankApi.RegisterUser.class)) {
            Secret confirmation = Wire.secret(body.confirmationPin(), "confirmationPin");
            UserId user = Wire.user(body.userId());
            return issuing(() -> {
                RegisteredUser registered = issuer.users().register(new AdministratorCredentials(admin, confirmation), user);
                return registeredUser(user, registered);
            });
        }
    }

    private ApiResponse resetSecrets(ApiRequest request) {
        X509Certificate admin = administrator(request);
        try (var body = request.body(BankApi.ChangeUser.class)) {
            Secret confirmation = Wire.secret(body.confirmationPin(), "confirmationPin");
            UserId user = Wire.user(body.userId());
            return issuing(() -> {
                RegisteredUser fresh = issuer.users().resetSecrets(new AdministratorCredentials(admin, confirmation), user);
                return registeredUser(user, fresh);
            });
        }
    }

    /** A user's new initial ト and チ, shown once: the issuer's secrets are closed once rendered. */
    private static ApiResponse registeredUser(UserId user, RegisteredUser registered) {
        var body = new BankApi.RegisteredUser(user.value(), registered.userPin(), registered.userConfirmationPin());
        return ApiResponse.withSecrets(body, body.userPin(), body.userConfirmationPin());
    }

    /** Suspend or resume: the issuer's answer is whether anything changed. */
    private ApiResponse change(ApiRequest request, java.util.function.BiPredicate<AdministratorCredentials, UserId> operation) {
        X509Certificate admin = administrator(request);
        try (var body = request.body(BankApi.ChangeUser.class)) {
            Secret confirmation = Wire.secret(body.confirmationPin(), "confirmationPin");
            UserId user = Wire.user(body.userId());
            return issuing(() -> ApiResponse.ok(new BankApi.Changed(
                    operation.test(new AdministratorCredentials(admin, confirmation), user))));
        }
    }

    private ApiResponse enrolTotp(ApiRequest request) {
        X509Certificate admin = administrator(request);
        try (var body = request.body(BankApi.TotpRequest.class)) {
            Secret confirmation = Wire.secret(body.confirmationPin(), "confirmationPin");
            return issuing(() -> {
                var enrolment = issuer.totp().enrol(new AdministratorCredentials(admin, confirmation));
                var seed = new BankApi.TotpEnrolment(enrolment.base32Seed(), enrolment.otpauthUri());
                return ApiResponse.withSecrets(seed, seed.base32Seed(), seed.otpauthUri());
            });
        }
    }

    private ApiResponse removeTotp(ApiRequest request) {
        X509Certificate admin = administrator(request);
        try (var body = request.body(BankApi.TotpRequest.class)) {
            Secret confirmation = Wire.secret(body.confirmationPin(), "confirmationPin");
            return issuing(() -> ApiResponse.ok(new BankApi.Changed(
                    issuer.totp().remove(new AdministratorCredentials(admin, confirmation)))));
        }
    }

    private ApiResponse authorise(ApiRequest request) {
        X509Certificate admin = administrator(request);
        try (var body = request.body(BankApi.AuthoriseUser.class)) {
            Secret confirmation = Wire.secret(body.confirmationPin(), "confirmationPin");
            UserId user = Wire.user(body.userId());
            // bounded here only so that it is a date; how far ahead it may be is the issuer's rule
            Instant expires = body.expiresAt() != null
                    ? Wire.instant(body.expiresAt(), "expiresAt", Wire.EARLIEST, clock.instant().plus(Duration.ofDays(36500)))
                    : longestAuthorisation(clock.instant(), maxAuthorisation);
            return issuing(() -> {
                issuer.users().authorise(new AdministratorCredentials(admin, confirmation), user, expires);
                return ApiResponse.ok(new BankApi.Authorisation(user.value(), expires.getEpochSecond()));
            });
        }
    }

    /**
     * The default expiry of a certificate authorisation (API and pages): the bank's maximum less a
     * minute, so that the issuer's "at most this far ahead" still holds when it checks.
     */
    public static Instant longestAuthorisation(Instant now, Duration max) {
        return now.plus(max).minusSeconds(60);
    }

    private ApiResponse revoke(ApiRequest request) {
        X509Certificate admin = administrator(request);
        var body = request.body(BankApi.UserRef.class);
        UserId user = Wire.user(body.userId());
        return issuing(() -> {
            var serials = issuer.users().revokeCertificate(admin, user, RevocationReason.PRIVILEGE_WITHDRAWN);
            revocations.revoked();
            return ApiResponse.ok(new BankApi.Revoked(serials));
        });
    }

    private ApiResponse contract(ApiRequest request) {
        X509Certificate admin = administrator(request);
        ContractId contract = Wire.contract(sessions.requireAdministratorByCertificate(request).account().contractId());
        return issuing(() -> ApiResponse.ok(new BankApi.ContractStatus(contract.value(),
                issuer.registry().administratorCertificateIssued(contract),
                issuer.users().list(admin).stream().map(Wire::user).toList(), entries(contract, null))));
    }

    private ApiResponse userStatus(ApiRequest request) {
        LogonSession session = sessions.require(request);
        if (!(session.account() instanceof Account.User user)) {
            throw new ApiProblem(ProblemCode.NOT_PERMITTED);
        }
        ContractId contract = Wire.contract(user.contractId());
        return issuing(() -> ApiResponse.ok(new BankApi.UserStatus(contract.value(), user.userId(),
                entries(contract, user.userId()))));
    }

    private List<BankApi.CertificateEntry> entries(ContractId contract, String onlyUser) {
        return issuer.registry().certificates(contract).stream()
                .filter(r -> onlyUser == null || r.user().map(UserId::value).filter(onlyUser::equals).isPresent())
                .sorted(Comparator.comparing(CertificateRecord::issuedAt))
                .map(r -> Wire.certificate(r, issuer)).toList();
    }

    /** The administrator's certificate for the issuer: the connection's, else the contract's current one. */
    private X509Certificate administrator(ApiRequest request) {
        LogonSession session = sessions.requireAdministratorByCertificate(request);
        if (request.clientCertificate().isPresent()) {
            return request.clientCertificate().get();
        }
        ContractId contract = Wire.contract(session.account().contractId());
        return issuer.registry().certificates(contract).stream()
                .filter(r -> r.role() == Role.ADMINISTRATOR && r.isCurrent(clock.instant()))
                .map(CertificateRecord::certificate)
                .findFirst()
                .orElseThrow(() -> new ApiProblem(ProblemCode.NOT_PERMITTED));
    }

    private static ApiResponse issuing(java.util.function.Supplier<ApiResponse> work) {
        try {
            return work.get();
        } catch (IssuerException e) {
            throw IssuerProblems.of(e);
        }
    }
}
