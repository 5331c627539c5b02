package keybound.server.web;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import keybound.token.Secret;
import keybound.issuer.refusal.InvalidRequestException;
import keybound.issuer.Issuer;
import keybound.issuer.IssuerConfig;
import keybound.issuer.refusal.IssuerException;
import keybound.issuer.ca.RevocationReason;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.RegisteredUser;
import keybound.issuer.contract.UserId;
import keybound.issuer.enrollment.AdministratorCredentials;
import keybound.issuer.store.CertificateRecord;
import keybound.logon.session.LogonSession;
import keybound.server.api.ApiProblem;
import keybound.bankapi.ProblemCode;
import keybound.server.issuer.AccountApi;

/**
 * The administrator's contract pages (manual I-3), over the same {@link Issuer} calls as
 * {@code AccountApi}, with the connection's certificate (the session is bound to it) as the
 * administrator's:
 * <pre>
 *   GET  /web/admin/users                          the user list, with a form per operation
 *   POST /web/admin/users/register                 ニ + ロ → ト and チ, shown once
 *   POST /web/admin/users/authorise                ニ + ロ → certificate issuance authorised
 *   POST /web/admin/users/revoke                   ニ → the user's certificates revoked
 *   POST /web/admin/users/suspend | resume | reset ニ + ロ (reset: new ト and チ, shown once)
 *   GET  /web/admin/contract                       contract information and certificates
 * </pre>
 */
final class ContractPages {

    private static final String PREFIX = WebPages.ROOT + "admin/";

    private final Issuer issuer;
    private final IssuerConfig config;
    private final WebSessions sessions;
    private final Runnable onRevoked;
    private final Clock clock;

    ContractPages(Issuer issuer, IssuerConfig config, WebSessions sessions, Runnable onRevoked, Clock clock) {
        this.issuer = issuer;
        this.config = config;
        this.sessions = sessions;
        this.onRevoked = onRevoked;
        this.clock = clock;
    }

    void register(WebPages pages) {
        pages.get(PREFIX + "users", this::users);
        pages.post(PREFIX + "users/register", request -> newSecrets(request, "registered", issuer.users()::register));
        pages.post(PREFIX + "users/reset", request -> newSecrets(request, "reset", issuer.users()::resetSecrets));
        pages.post(PREFIX + "users/authorise", this::authorise);
        pages.post(PREFIX + "users/revoke", this::revoke);
        pages.post(PREFIX + "users/suspend", request -> change(request, "suspended", issuer.users()::suspend));
        pages.post(PREFIX + "users/resume", request -> change(request, "resumed", issuer.users()::resume));
        pages.get(PREFIX + "contract", this::contract);
    }

    private Page users(WebRequest request) {
        X509Certificate admin = administrator(request);
        return issuing(() -> Page.view("users.jte", Map.of("users", issuer.users().list(admin))));
    }

    /** The new user's (or reset user's) initial ト and チ, on this no-store page only. */
    private Page newSecrets(WebRequest request, String what, IssuerOperation<RegisteredUser> operation) {
        X509Certificate admin = administrator(request);
        UserId user = user(request);
        try (Secret confirmation = confirmation(request)) {
            return issuing(() -> {
                RegisteredUser registered = operation.apply(new AdministratorCredentials(admin, confirmation), user);
                try (Secret pin = registered.userPin(); Secret confirm = registered.userConfirmationPin()) {
                    Page page = Page.view("userSecrets.jte", Map.of("what", what, "userId", user.value()));
                    pin.useChars(chars -> page.once("userPin", chars));
                    confirm.useChars(chars -> page.once("userConfirmationPin", chars));
                    return page;
                }
            });
        }
    }

    private Page authorise(WebRequest request) {
        X509Certificate admin = administrator(request);
        UserId user = user(request);
        Instant expires = AccountApi.longestAuthorisation(clock.instant(), config.maxAuthorisation());
        try (Secret confirmation = confirmation(request)) {
            return issuing(() -> {
                issuer.users().authorise(new AdministratorCredentials(admin, confirmation), user, expires);
                return done("authorised", user, CertificateView.time(expires));
            });
        }
    }

    private Page revoke(WebRequest request) {
        X509Certificate admin = administrator(request);
        UserId user = user(request);
        return issuing(() -> {
            int revoked = issuer.users().revokeCertificate(admin, user, RevocationReason.PRIVILEGE_WITHDRAWN).size();
            onRevoked.run();
            return done("revoked", user, Integer.toString(revoked));
        });
    }

    private Page change(WebRequest request, String what, BiPredicate<AdministratorCredentials, UserId> operation) {
        X509Certificate admin = administrator(request);
        UserId user = user(request);
        try (Secret confirmation = confirmation(request)) {
            return issuing(() -> done(operation.test(new AdministratorCredentials(admin, confirmation), user)
                    ? what : "unchanged", user, ""));
        }
    }

    private Page contract(WebRequest request) {
        X509Certificate admin = administrator(request);
        ContractId contract = new ContractId(request.session().orElseThrow().account().contractId());
        return issuing(() -> Page.view("contract.jte", Map.of(
                "contractId", contract.value(),
                "administratorCertificateIssued", issuer.registry().administratorCertificateIssued(contract),
                "users", issuer.users().list(admin),
                "certificates", issuer.registry().certificates(contract).stream()
                        .sorted(Comparator.comparing(CertificateRecord::issuedAt))
                        .map(r -> CertificateView.of(r, issuer)).toList())));
    }

    private static Page done(String what, UserId user, String detail) {
        return Page.view("done.jte", Map.of("what", what, "userId", user.value(), "detail", detail));
    }

    /** The administrator's certificate: the connection's, which the (certificate-bound) session was made with. */
    private X509Certificate administrator(WebRequest request) {
        LogonSession session = sessions.requireAdministrator(request);
        return request.clientCertificate().filter(c -> session.method().byCertificate())
                .orElseThrow(() -> new ApiProblem(ProblemCode.NOT_PERMITTED));
    }

    /** ニ as typed; anything that is not a user ID is refused and shown back (escaped by the template). */
    private static UserId user(WebRequest request) {
        String typed = request.form().text("userId").orElse("");
        try {
            return new UserId(typed);
        } catch (InvalidRequestException e) {
            throw new Refusals.InvalidInputException(typed);
        }
    }

    /** ロ (a copy; the form's array is wiped with the form): an empty one is wrong like any other and counts toward lockout. */
    private static Secret confirmation(WebRequest request) {
        return Secret.of(request.form().secret("confirmationPin").orElseGet(() -> new char[0]));
    }

    private static Page issuing(Supplier<Page> work) {
        try {
            return work.get();
        } catch (IssuerException e) {
            throw new ApiProblem(e.problem());
        }
    }

    /** An issuer call taking the administrator's credentials and a user. */
    private interface IssuerOperation<T> {
        T apply(AdministratorCredentials admin, UserId user);
    }
}
