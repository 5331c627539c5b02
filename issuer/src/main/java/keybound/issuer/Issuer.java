package keybound.issuer;

import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import keybound.credentials.SecretHasher;
import keybound.credentials.SecretVerifiers;
import keybound.issuer.ca.CertificateAuthority;
import keybound.issuer.contract.Bank;
import keybound.issuer.contract.BankCode;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.Role;
import keybound.issuer.enrollment.AcquisitionWindow;
import keybound.issuer.enrollment.AdministratorAcquisition;
import keybound.issuer.enrollment.Renewal;
import keybound.issuer.enrollment.UserAcquisition;
import keybound.issuer.policy.AttestationRule;
import keybound.issuer.policy.CommonNameRule;
import keybound.issuer.policy.CsrCheck;
import keybound.issuer.policy.KeyRule;
import keybound.issuer.policy.ValidityRule;
import keybound.issuer.refusal.IssuerException;
import keybound.issuer.refusal.NoAuthorisationException;
import keybound.issuer.refusal.RenewalNotOpenException;
import keybound.issuer.refusal.UnknownContractException;
import keybound.issuer.store.BankRepository;
import keybound.issuer.store.CertificateRepository;
import keybound.issuer.store.CertificateStatus;
import keybound.issuer.store.ContractRepository;
import keybound.issuer.store.Database;
import keybound.issuer.store.UserRepository;
import keybound.token.attest.AttestationVerifier;

/**
 * The bank's issuer: the manual's enrollment rules in front of the CA. Every issuance
 * (administrator or user acquisition, renewal, migration) passes the same {@link IssuanceRules}
 * in the same order, then is built, signed and persisted in one transaction that re-checks, under
 * the contract's row lock, what may have changed meanwhile. Every refusal is its own
 * {@link IssuerException}, is audited, and leaves nothing recorded as issued.
 *
 * <p>The rest of the bank's work has one owner each: {@link #users()} (the administrator's user
 * administration), {@link #totp()}, {@link #backOffice()}, {@link #registry()} (a presented
 * certificate's record, standing and holder), {@link #secrets()} (B/イ/ト and card checks with
 * lockout), {@link #revocations()} (CRL, OCSP) and {@link #caChain()} (TLS trust).
 */
public final class Issuer {

    private final Database database;
    private final CertificateAuthority ca;
    private final Clock clock;
    private final SecretChecks secrets;
    private final BackOffice backOffice;
    private final CommonNameRule commonNames;
    private final IssuanceRules rules;
    private final Issuance issuance;
    private final IssuanceRequests requests = new IssuanceRequests();
    private final CertificateRegistry registry;
    private final Revocations revocations;
    private final AdministratorGate gate;
    private final UserAdministration users;
    private final TotpEnrolments totp;
    private final BankRepository banks = new BankRepository();
    private final Map<BankCode, Bank> bankCache = new ConcurrentHashMap<>();
    private final ContractRepository contracts = new ContractRepository();
    private final UserRepository userRows = new UserRepository();
    private final CertificateRepository certificates = new CertificateRepository();

    /** An issuer whose secret verifiers are Argon2id hashes with {@code config}'s parameters (no token key). */
    public Issuer(Database database, CertificateAuthority ca, AttestationVerifier attestationVerifier, IssuerConfig config,
                  Clock clock) {
        this(database, ca, attestationVerifier, config,
                SecretVerifiers.argon2Only(new SecretHasher(config.secretHashing())), clock);
    }

    /** An issuer whose secret verifiers are made and checked by {@code verifiers} (token-keyed in production). */
    public Issuer(Database database, CertificateAuthority ca, AttestationVerifier attestationVerifier, IssuerConfig config,
                  SecretVerifiers verifiers, Clock clock) {
        this.database = database;
        this.ca = ca;
        this.clock = clock;
        this.secrets = new SecretChecks(database, config, verifiers, clock);
        this.backOffice = new BackOffice(database, config, verifiers, clock);
        this.commonNames = new CommonNameRule(config.contractIdLength());
        this.issuance = new Issuance(ca, new ValidityRule(config.certificateValidity()), commonNames);
        this.registry = new CertificateRegistry(database, clock);
        this.revocations = new Revocations(database, ca, config, clock);
        this.gate = new AdministratorGate(database, registry, secrets, clock);
        this.users = new UserAdministration(database, gate, config, verifiers, clock);
        this.totp = new TotpEnrolments(database, gate, config, clock);
        this.rules = new IssuanceRules(new CsrCheck(config.csrMaxBytes(), new KeyRule()), registry, secrets,
                e -> database.inTransaction(c -> requests.earlierAnswer(c, e)).isPresent(), new AcquisitionWindow(config.acquisitionWindow(), clock), config.renewalLead(), clock,
                new AttestationRule(attestationVerifier), this::bank);
    }

    public BackOffice backOffice() {
        return backOffice;
    }

    public SecretChecks secrets() {
        return secrets;
    }

    public CommonNameRule commonNames() {
        return commonNames;
    }

    /** Manual I-3: the administrator registers, authorises, changes, lists and revokes the contract's users. */
    public UserAdministration users() {
        return users;
    }

    /** The administrator's TOTP: enrolment, removal, and the seed and time step for the logon check. */
    public TotpEnrolments totp() {
        return totp;
    }

    /** The registry's read side: a presented certificate's record, standing and holder; expiry notices. */
    public CertificateRegistry registry() {
        return registry;
    }

    /** Revocation, CRL and OCSP. */
    /** The settings every node on this registry must agree on. */
    public SharedSettings sharedSettings() {
        return new SharedSettings(database, clock);
    }

    /** Readiness: one query on the registry database; throws when it cannot answer. */
    public void checkDatabase() {
        database.check();
    }

    /** Readiness: the CA key read through its token session; throws when the token does not answer. */
    public void checkCaToken() {
        ca.signer().check();
    }

    public Revocations revocations() {
        return revocations;
    }

    /** The CA chain, issuing CA first, root last. */
    public List<X509Certificate> caChain() {
        return ca.chain();
    }

    /**
     * Manual I-2: the administrator certificate (CN = A + bank code); supersedes the previous one.
     * A retry of a request already answered (same request id and key, secrets right) gets the same certificate.
     */
    public IssuedCertificate acquireAdministrator(AdministratorAcquisition request) {
        return issue(Enrollment.of(request), (c, at) -> { });
    }

    /**
     * Manual II-1: a user certificate (CN = A + ニ + bank code), consuming the authorisation;
     * supersedes the user's previous one. A retry of a request already answered gets the same certificate.
     */
    public IssuedCertificate acquireUser(UserAcquisition request) {
        return issue(Enrollment.of(request), (c, at) -> {
            if (!userRows.consumeAuthorisation(c, request.contract(), request.user(), at)) {
                throw new NoAuthorisationException("the authorisation was used or expired meanwhile");
            }
        });
    }

    /**
     * A holder of a current certificate gets one for a new key, proving the old key (signature
     * over {@link Renewal#proofMessage(byte[])}) and its secrets; the old certificate is revoked
     * as superseded in the same transaction. RENEWAL opens {@link IssuerConfig#renewalLead()}
     * before expiry; MIGRATION (a new token) is open while the certificate is current. A retry of
     * a request already answered gets the same certificate.
     */
    public IssuedCertificate renew(Renewal request) {
        Enrollment e = Enrollment.of(request);
        return issue(e, (c, at) -> {
            String serial = e.current().serial();
            if (certificates.find(c, serial).orElseThrow().status() != CertificateStatus.ACTIVE) {
                throw new RenewalNotOpenException("certificate " + serial + " was revoked meanwhile");
            }
        });
    }

    /** What an issuance re-checks under the contract's row lock, because it may have changed since its rules ran. */
    @FunctionalInterface
    private interface Recheck {
        void under(Connection c, Instant at) throws SQLException;
    }

    /**
     * Every issuance: the {@link IssuanceRules}, then in one transaction the contract's row lock,
     * the answer to a retry or else {@code recheck} and the {@link Issuance}; refusals audited.
     */
    private IssuedCertificate issue(Enrollment e, Recheck recheck) {
        return gate.auditedEnrollment(e, () -> {
            rules.check(e);
            return database.inTransaction(c -> {
                lockContractFor(c, e);
                Instant at = clock.instant();
                return requests.once(c, e, at, () -> {
                    recheck.under(c, at);
                    return issuance.issue(c, e, at);
                });
            });
        });
    }

    /** Banks are only ever added, never changed, so a bank once read is kept. */
    private Bank bank(ContractId contract) {
        BankCode code = database.inTransaction(c -> contracts.find(c, contract))
                .orElseThrow(() -> new UnknownContractException("unknown contract " + contract)).bank();
        return bankCache.computeIfAbsent(code, known -> database.inTransaction(c -> banks.find(c, known)).orElseThrow());
    }

    /** The administrator's contract must be open; a user's only not closed (the contract's lockout bars its administrator, not its users). */
    private void lockContractFor(Connection c, Enrollment applicant) throws SQLException {
        if (applicant.role() == Role.ADMINISTRATOR) {
            gate.lockOpenContract(c, applicant.contract());
        } else {
            gate.lockUnclosedContract(c, applicant.contract());
        }
    }
}
