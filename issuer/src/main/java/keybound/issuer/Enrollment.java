package keybound.issuer;

import java.util.Objects;
import java.util.Optional;
import keybound.token.Secret;
import keybound.issuer.contract.Bank;
import keybound.issuer.contract.Contract;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.ContractUser;
import keybound.issuer.contract.Role;
import keybound.issuer.contract.UserId;
import keybound.issuer.enrollment.AdministratorAcquisition;
import keybound.issuer.enrollment.Renewal;
import keybound.issuer.enrollment.RenewalKind;
import keybound.issuer.enrollment.RequestId;
import keybound.issuer.enrollment.TokenReport;
import keybound.issuer.enrollment.UserAcquisition;
import keybound.issuer.policy.AttestationResult;
import keybound.issuer.policy.CheckedCsr;
import keybound.issuer.store.CertificateRecord;
import keybound.token.AttestationStatement;

/**
 * One issuance request (acquisition, renewal or migration) as the {@link IssuanceRules} see it:
 * what the applicant sent, and what each rule established for the rules after it and for the
 * signing step. It lives for one request. Asking for something before the rule that establishes
 * it has run is a programming error, so the rules' order is checked as they run.
 */
final class Enrollment {

    /** What is being asked for. */
    enum Kind {
        ADMINISTRATOR_ACQUISITION, USER_ACQUISITION, RENEWAL, MIGRATION;

        boolean renews() {
            return this == RENEWAL || this == MIGRATION;
        }
    }

    private final Kind kind;
    private final String auditSubject;
    private final byte[] csrDer;
    private final Secret firstSecret;
    private final Secret secondSecret;
    private final TokenReport token;
    private final Optional<AttestationStatement> statement;
    private final Optional<Renewal> renewal;
    private final Optional<RequestId> requestId;
    // Known from the request for an acquisition, from the current certificate for a renewal.
    private Role role;
    private ContractId contract;
    private Optional<UserId> user;
    // Established by the rules.
    private CheckedCsr csr;
    private CertificateRecord current;
    private Contract contractAccount;
    private ContractUser userAccount;
    private Bank bank;
    private AttestationResult attestation;
    private boolean retry;

    private Enrollment(Kind kind, String auditSubject, byte[] csrDer, Secret firstSecret, Secret secondSecret,
                       TokenReport token, Optional<AttestationStatement> statement, Optional<Renewal> renewal,
                       Optional<RequestId> requestId) {
        this.kind = kind;
        this.auditSubject = auditSubject;
        this.csrDer = csrDer;
        this.firstSecret = firstSecret;
        this.secondSecret = secondSecret;
        this.token = token;
        this.statement = statement;
        this.renewal = renewal;
        this.requestId = requestId;
    }

    /** Manual I-2: A + イ + ロ. */
    static Enrollment of(AdministratorAcquisition request) {
        var e = new Enrollment(Kind.ADMINISTRATOR_ACQUISITION, "contract:" + request.contract(), request.csr(),
                request.contractPin(), request.confirmationPin(), request.token(), request.attestation(), Optional.empty(),
                request.requestId());
        e.applicant(Role.ADMINISTRATOR, request.contract(), Optional.empty());
        return e;
    }

    /** Manual II-1: A + ニ + ト + チ. */
    static Enrollment of(UserAcquisition request) {
        var e = new Enrollment(Kind.USER_ACQUISITION, "user:" + request.contract() + "/" + request.user(), request.csr(),
                request.userPin(), request.userConfirmationPin(), request.token(), request.attestation(), Optional.empty(),
                request.requestId());
        e.applicant(Role.USER, request.contract(), Optional.of(request.user()));
        return e;
    }

    /** A renewal or migration: the holder is known once the current certificate is found. */
    static Enrollment of(Renewal request) {
        Kind kind = request.kind() == RenewalKind.RENEWAL ? Kind.RENEWAL : Kind.MIGRATION;
        return new Enrollment(kind, "serial:" + request.current().getSerialNumber().toString(16), request.newCsr(),
                request.firstSecret(), request.secondSecret(), request.token(), request.attestation(), Optional.of(request),
                request.requestId());
    }

    Kind kind() {
        return kind;
    }

    /** Whether the caller proved the account's secrets (then its refusals are audited one by one). */
    boolean secretsProven() {
        return contractAccount != null || userAccount != null;
    }

    String auditSubject() {
        return auditSubject;
    }

    byte[] csrDer() {
        return csrDer;
    }

    /** The applicant's first secret: イ for the administrator, ト for a user. */
    Secret firstSecret() {
        return firstSecret;
    }

    /** The applicant's second secret: ロ for the administrator, チ for a user. */
    Secret secondSecret() {
        return secondSecret;
    }

    TokenReport token() {
        return token;
    }

    Optional<AttestationStatement> statement() {
        return statement;
    }

    /** The renewal request; present exactly for {@link Kind#renews()}. */
    Optional<Renewal> renewal() {
        return renewal;
    }

    /** The client's id for this request, if it sent one: a retry carries the same. */
    Optional<RequestId> requestId() {
        return requestId;
    }

    /**
     * Whether this request was answered before (its secrets now proven again): the rules that
     * guard a new issuance (window, authorisation, attestation) do not apply to a retry.
     */
    boolean retry() {
        return retry;
    }

    void retry(boolean answeredBefore) {
        this.retry = answeredBefore;
    }

    Role role() {
        return established(role, "the applicant");
    }

    ContractId contract() {
        return established(contract, "the applicant");
    }

    Optional<UserId> user() {
        return established(user, "the applicant");
    }

    CheckedCsr csr() {
        return established(csr, "the CSR");
    }

    /** The certificate being renewed, as the registry holds it. */
    CertificateRecord current() {
        return established(current, "the current certificate");
    }

    /** The administrator's contract, as read with its secrets. */
    Contract contractAccount() {
        return established(contractAccount, "the contract's secrets");
    }

    /** The user, as read with its secrets. */
    ContractUser userAccount() {
        return established(userAccount, "the user's secrets");
    }

    Bank bank() {
        return established(bank, "the bank");
    }

    AttestationResult attestation() {
        return established(attestation, "the attestation");
    }

    void csr(CheckedCsr checked) {
        this.csr = checked;
    }

    /** The certificate being renewed; its holder is the applicant. */
    void current(CertificateRecord record) {
        this.current = record;
        applicant(record.role(), record.contract(), record.user());
    }

    void contractAccount(Contract account) {
        this.contractAccount = account;
    }

    void userAccount(ContractUser account) {
        this.userAccount = account;
    }

    void attestation(Bank of, AttestationResult result) {
        this.bank = of;
        this.attestation = result;
    }

    private void applicant(Role r, ContractId c, Optional<UserId> u) {
        this.role = r;
        this.contract = c;
        this.user = u;
    }

    private static <T> T established(T value, String what) {
        return Objects.requireNonNull(value, () -> what + " is not checked yet: an issuance rule runs out of order");
    }
}
