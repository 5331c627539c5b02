package keybound.server.issuer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import keybound.issuer.refusal.IssuerException;
import keybound.issuer.Issuer;
import keybound.issuer.UnlockOutcome;
import keybound.issuer.ca.RevocationReason;
import keybound.issuer.contract.Bank;
import keybound.issuer.contract.BankCode;
import keybound.issuer.contract.CardCell;
import keybound.issuer.contract.CustomerCard;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.policy.AttestationPolicy;
import keybound.server.api.ApiProblem;
import keybound.server.api.ApiRequest;
import keybound.server.api.ApiResponse;
import keybound.server.api.Endpoint;
import keybound.bankapi.ProblemCode;
import keybound.server.api.Router;
import keybound.token.Secret;
import keybound.bankapi.BankApi;

/**
 * The bank operators' back office, every call behind {@link OperatorGuard}:
 * <pre>
 *   POST /bank/banks             register a bank (code, name, attestation policy)      → 204
 *   POST /bank/contracts         open a contract → A, B, イ, ロ and the customer card, once
 *   POST /bank/contracts/unlock  clear a contract's lockout                → changed (404 contract-unknown)
 *   POST /bank/users/unlock      clear a user's lockout                    → changed (404 user-unknown)
 *   POST /bank/contracts/close   close a contract (its certificates are revoked)        → changed
 *   POST /bank/revoke            revoke a certificate by serial                        → changed
 *   POST /bank/crl               publish a fresh CRL                                   → the CRL (DER)
 * </pre>
 */
public final class BackOfficeApi {

    private final Issuer issuer;
    private final OperatorGuard operators;

    public BackOfficeApi(Issuer issuer, OperatorGuard operators) {
        this.issuer = issuer;
        this.operators = operators;
    }

    public void register(Router router) {
        router.post("/bank/banks", guarded(this::registerBank));
        router.post("/bank/contracts", guarded(this::openContract));
        router.post("/bank/contracts/unlock", guarded(request -> unlocked(issuer.backOffice()
                .unlockContract(Wire.contract(request.body(BankApi.ContractRef.class).contractId())), ProblemCode.CONTRACT_UNKNOWN)));
        router.post("/bank/users/unlock", guarded(request -> {
            var body = request.body(BankApi.ContractUserRef.class);
            return unlocked(issuer.backOffice().unlockUser(Wire.contract(body.contractId()), Wire.user(body.userId())),
                    ProblemCode.USER_UNKNOWN);
        }));
        router.post("/bank/contracts/close", guarded(request -> {
            boolean closed = issuer.backOffice().closeContract(Wire.contract(request.body(BankApi.ContractRef.class).contractId()));
            return changed(closed);
        }));
        router.post("/bank/revoke", guarded(this::revoke));
        router.post("/bank/crl", guarded(request -> ApiResponse.binary(RevocationApi.encoded(issuer.revocations().crl()),
                "application/pkix-crl")));
    }

    private ApiResponse registerBank(ApiRequest request) {
        var body = request.body(BankApi.RegisterBank.class);
        AttestationPolicy policy;
        try {
            policy = AttestationPolicy.valueOf(String.valueOf(body.attestationPolicy()).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(ProblemCode.INVALID_FIELD, "Invalid field: attestationPolicy (REQUIRED, PREFERRED or NONE)");
        }
        if (body.name() == null || body.name().isBlank() || body.name().length() > 100) {
            throw new ApiProblem(ProblemCode.INVALID_FIELD, "Invalid field: name (1 to 100 characters)");
        }
        issuer.backOffice().registerBank(new Bank(new BankCode(String.valueOf(body.code())), body.name().strip(), policy));
        return ApiResponse.noContent();
    }

    private ApiResponse openContract(ApiRequest request) {
        var body = request.body(BankApi.OpenContract.class);
        BankCode bank = new BankCode(String.valueOf(body.bankCode()));
        // an application is dated today or earlier (a day of clock skew allowed)
        Instant applied = body.applicationDate() == null ? null
                : Wire.instant(body.applicationDate(), "applicationDate", Wire.EARLIEST, Instant.now().plus(Duration.ofDays(1)));
        OpenedContract opened = applied == null ? issuer.backOffice().openContract(bank)
                : issuer.backOffice().openContract(bank, applied);
        try (var card = opened.card()) {
            // the issuer's secrets go out in the body, closed once rendered
            var answer = new BankApi.OpenedContract(opened.contractId().value(), opened.confirmationPassword(),
                    opened.contractPin(), opened.confirmationPin(), card(card), opened.acquisitionClosesAt().getEpochSecond());
            List<Secret> secrets = new ArrayList<>(List.of(answer.confirmationPassword(), answer.contractPin(), answer.confirmationPin()));
            secrets.addAll(answer.card().allCells());
            return ApiResponse.withSecrets(answer, secrets.toArray(Secret[]::new));
        }
    }

    private ApiResponse revoke(ApiRequest request) {
        var body = request.body(BankApi.RevokeSerial.class);
        if (body.serial() == null || !body.serial().matches("[0-9a-f]{1,40}")) {
            throw new ApiProblem(ProblemCode.INVALID_FIELD, "Invalid field: serial (lower-case hex)");
        }
        RevocationReason reason;
        try {
            reason = body.reason() == null ? RevocationReason.UNSPECIFIED : RevocationReason.valueOf(body.reason());
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(ProblemCode.INVALID_FIELD, "Invalid field: reason");
        }
        boolean done = issuer.revocations().revoke(body.serial(), reason);
        return changed(done);
    }

    /** The card's cells as secrets, copied through one wiped buffer (no String holds a cell). */
    private static BankApi.CustomerCard card(CustomerCard card) {
        List<List<Secret>> rows = new ArrayList<>();
        char[] cell = new char[CustomerCard.DIGITS_PER_CELL];
        try {
            for (int r = 0; r < card.rows(); r++) {
                List<Secret> row = new ArrayList<>();
                for (int c = 0; c < card.columns(); c++) {
                    card.copyCell(new CardCell(r, c), cell, 0);
                    row.add(Secret.of(cell));
                }
                rows.add(row);
            }
        } finally {
            Secret.wipe(cell);
        }
        return new BankApi.CustomerCard(card.rows(), card.columns(), rows);
    }

    /** Unlocking an account that is there but not locked changed nothing; one that is not there is an error. */
    private static ApiResponse unlocked(UnlockOutcome outcome, ProblemCode unknown) {
        return switch (outcome) {
            case UNLOCKED -> changed(true);
            case NOT_LOCKED -> changed(false);
            case UNKNOWN -> throw new ApiProblem(unknown);
        };
    }

    private static ApiResponse changed(boolean changed) {
        return ApiResponse.ok(new BankApi.Changed(changed));
    }

    private Endpoint guarded(Endpoint endpoint) {
        return request -> {
            operators.require(request);
            try {
                return endpoint.handle(request);
            } catch (IssuerException e) {
                throw IssuerProblems.of(e);
            }
        };
    }
}
