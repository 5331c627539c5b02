package keybound.server.issuer;

import java.util.Arrays;
import keybound.credentials.Secret;
import keybound.issuer.IssuerException;
import keybound.issuer.Issuer;
import keybound.issuer.enrollment.AdministratorAcquisition;
import keybound.issuer.enrollment.Renewal;
import keybound.issuer.enrollment.RenewalKind;
import keybound.issuer.enrollment.UserAcquisition;
import keybound.server.api.ApiProblem;
import keybound.server.api.ApiRequest;
import keybound.server.api.ApiResponse;
import keybound.server.api.ProblemCode;
import keybound.server.api.Router;
import keybound.server.client.BankApi;

/**
 * Certificate acquisition over the issuer, authenticated by the manual's secrets in the body:
 * <pre>
 *   GET  /ca                     the bank CA chain
 *   POST /acquire/administrator  A + イ + ロ + CSR (+ attestation)   manual I-2
 *   POST /acquire/user           A + ニ + ト + チ + CSR (+ attestation)  manual II-1
 *   POST /renew                  renewal or migration: current certificate, proof by its key, new CSR, two secrets
 * </pre>
 */
public final class AcquisitionApi {

    private final Issuer issuer;

    public AcquisitionApi(Issuer issuer) {
        this.issuer = issuer;
    }

    public void register(Router router) {
        router.get("/ca", request -> ApiResponse.ok(new BankApi.CaChain(Wire.der(issuer.caChain()))));
        router.post("/acquire/administrator", this::administrator);
        router.post("/acquire/user", this::user);
        router.post("/renew", this::renew);
    }

    private ApiResponse administrator(ApiRequest request) {
        var body = request.body(BankApi.AdministratorAcquisition.class);
        try (Secret contractPin = Secret.of(Wire.secret(body.contractPin(), "contractPin"));
             Secret confirmationPin = Secret.of(Wire.secret(body.confirmationPin(), "confirmationPin"))) {
            var acquisition = new AdministratorAcquisition(Wire.contract(body.contractId()), contractPin, confirmationPin,
                    Wire.base64(body.csr(), "csr"), Wire.token(body.token()), Wire.attestation(body.attestation()));
            try {
                return ApiResponse.ok(Wire.issued(issuer.acquireAdministrator(acquisition), issuer));
            } catch (IssuerException e) {
                throw IssuerProblems.forSecretHolder(e);
            }
        } finally {
            wipe(body.contractPin(), body.confirmationPin());
        }
    }

    private ApiResponse user(ApiRequest request) {
        var body = request.body(BankApi.UserAcquisition.class);
        try (Secret userPin = Secret.of(Wire.secret(body.userPin(), "userPin"));
             Secret confirmation = Secret.of(Wire.secret(body.userConfirmationPin(), "userConfirmationPin"))) {
            var acquisition = new UserAcquisition(Wire.contract(body.contractId()), Wire.user(body.userId()), userPin,
                    confirmation, Wire.base64(body.csr(), "csr"), Wire.token(body.token()), Wire.attestation(body.attestation()));
            try {
                return ApiResponse.ok(Wire.issued(issuer.acquireUser(acquisition), issuer));
            } catch (IssuerException e) {
                throw IssuerProblems.forSecretHolder(e);
            }
        } finally {
            wipe(body.userPin(), body.userConfirmationPin());
        }
    }

    private ApiResponse renew(ApiRequest request) {
        var body = request.body(BankApi.Renewal.class);
        try (Secret first = Secret.of(Wire.secret(body.firstSecret(), "firstSecret"));
             Secret second = Secret.of(Wire.secret(body.secondSecret(), "secondSecret"))) {
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
            } catch (keybound.issuer.NotAuthorisedException e) {
                throw new ApiProblem(ProblemCode.RENEWAL_PROOF_INVALID);
            } catch (IssuerException e) {
                throw IssuerProblems.forSecretHolder(e);
            }
        } finally {
            wipe(body.firstSecret(), body.secondSecret());
        }
    }

    static void wipe(char[]... secrets) {
        for (char[] secret : secrets) {
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
        }
    }
}
