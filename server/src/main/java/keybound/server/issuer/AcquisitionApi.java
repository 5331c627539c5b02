package keybound.server.issuer;

import java.util.Arrays;
import keybound.bankapi.BankApi;
import keybound.bankapi.ProblemCode;
import keybound.issuer.Issuer;
import keybound.issuer.enrollment.AdministratorAcquisition;
import keybound.issuer.enrollment.Renewal;
import keybound.issuer.enrollment.RenewalKind;
import keybound.issuer.enrollment.UserAcquisition;
import keybound.issuer.refusal.IssuerException;
import keybound.issuer.refusal.NotAuthorisedException;
import keybound.issuer.refusal.WrongSecretException;
import keybound.server.metrics.BankMetrics;
import keybound.server.api.ApiProblem;
import keybound.server.api.ApiRequest;
import keybound.server.api.ApiResponse;
import keybound.server.api.Endpoint;
import keybound.server.api.Measured;
import keybound.server.api.Router;
import keybound.token.Secret;

/**
 * Certificate acquisition over the issuer, authenticated by the manual's secrets in the body:
 * <pre>
 *   GET  /ca                     the bank CA chain
 *   POST /acquire/administrator  A + イ + ロ + CSR (+ attestation)   manual I-2
 *   POST /acquire/user           A + ニ + ト + チ + CSR (+ attestation)  manual II-1
 *   POST /renew                  renewal or migration: current certificate, proof by its key, new CSR, two secrets
 *   POST /renew/holder           whose certificate this is (A, ニ, role), asked before re-keying it
 * </pre>
 */
public final class AcquisitionApi {

    private final Issuer issuer;
    private final BankMetrics metrics;

    public AcquisitionApi(Issuer issuer, BankMetrics metrics) {
        this.issuer = issuer;
        this.metrics = metrics;
    }

    public void register(Router router) {
        router.get("/ca", request -> ApiResponse.ok(new BankApi.CaChain(Wire.der(issuer.caChain()))));
        router.post("/acquire/administrator", measured("administrator", this::administrator));
        router.post("/acquire/user", measured("user", this::user));
        router.post("/renew", measured("renewal", this::renew));
        router.post("/renew/holder", this::holder);
    }

    /**
     * Tells the client whose certificate it holds, so that it never parses a CN: which secrets
     * confirm a re-key and what a card's attestation is bound to. The certificate is public and
     * its CN names the same holder, so the answer discloses nothing more.
     */
    private ApiResponse holder(ApiRequest request) {
        var body = request.body(BankApi.CertificateRef.class);
        return issuer.registry().registered(Wire.certificate(body.certificate(), "certificate"))
                .map(record -> ApiResponse.ok(Wire.holder(record)))
                .orElseThrow(() -> new ApiProblem(ProblemCode.CERTIFICATE_UNKNOWN));
    }

    private ApiResponse administrator(ApiRequest request) {
        try (var body = request.body(BankApi.AdministratorAcquisition.class)) {
            Secret contractPin = Wire.secret(body.contractPin(), "contractPin");
            Secret confirmationPin = Wire.secret(body.confirmationPin(), "confirmationPin");
            var acquisition = new AdministratorAcquisition(Wire.contract(body.contractId()), contractPin, confirmationPin,
                    Wire.base64(body.csr(), "csr"), Wire.token(body.token()), Wire.attestation(body.attestation()));
            try {
                return ApiResponse.ok(Wire.issued(issuer.acquireAdministrator(acquisition), issuer));
            } catch (IssuerException e) {
                throw IssuerProblems.forAcquisition(countLockout(e));
            }
        }
    }

    private ApiResponse user(ApiRequest request) {
        try (var body = request.body(BankApi.UserAcquisition.class)) {
            Secret userPin = Wire.secret(body.userPin(), "userPin");
            Secret confirmation = Wire.secret(body.userConfirmationPin(), "userConfirmationPin");
            var acquisition = new UserAcquisition(Wire.contract(body.contractId()), Wire.user(body.userId()), userPin,
                    confirmation, Wire.base64(body.csr(), "csr"), Wire.token(body.token()), Wire.attestation(body.attestation()));
            try {
                return ApiResponse.ok(Wire.issued(issuer.acquireUser(acquisition), issuer));
            } catch (IssuerException e) {
                throw IssuerProblems.forAcquisition(countLockout(e));
            }
        }
    }

    private ApiResponse renew(ApiRequest request) {
        try (var body = request.body(BankApi.Renewal.class)) {
            Secret first = Wire.secret(body.firstSecret(), "firstSecret");
            Secret second = Wire.secret(body.secondSecret(), "secondSecret");
            RenewalKind kind = switch (String.valueOf(body.kind())) {
                case "renewal" -> RenewalKind.RENEWAL;
                case "migration" -> RenewalKind.MIGRATION;
                default -> throw new ApiProblem(ProblemCode.INVALID_FIELD, "Invalid field: kind (renewal or migration)");
            };
            var renewal = new Renewal(kind, Wire.certificate(body.certificate(), "certificate"), Wire.base64(body.csr(), "csr"),
                    Wire.base64(body.oldKeySignature(), "oldKeySignature"), first, second, Wire.token(body.token()),
                    Wire.attestation(body.attestation()));
            try {
                return ApiResponse.ok(Wire.issued(issuer.renew(renewal), issuer));
            } catch (NotAuthorisedException e) {
                throw new ApiProblem(ProblemCode.RENEWAL_PROOF_INVALID);
            } catch (IssuerException e) {
                throw IssuerProblems.forSecretHolder(countLockout(e));
            }
        }
    }

    /** Reports each request with its kind: administrator, user, or renewal (renewals and migrations share one endpoint). */
    private Endpoint measured(String kind, Endpoint endpoint) {
        return Measured.endpoint(endpoint, answer -> "issued", (result, took) -> metrics.issuance(kind, result, took));
    }

    /** A wrong secret with no tries left locked the account, whatever the client is told (at acquisition: a plain wrong secret). */
    private IssuerException countLockout(IssuerException e) {
        if (e instanceof WrongSecretException wrong && wrong.triesLeft() == 0) {
            metrics.lockout("issuance");
        }
        return e;
    }
}
