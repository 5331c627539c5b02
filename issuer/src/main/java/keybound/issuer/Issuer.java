package keybound.issuer;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.function.Supplier;
import keybound.credentials.Secret;
import keybound.credentials.SecretGenerator;
import keybound.credentials.SecretHasher;
import keybound.issuer.audit.AuditEvent;
import keybound.issuer.audit.AuditLog;
import keybound.issuer.ca.CertificateAuthority;
import keybound.issuer.ca.RevocationReason;
import keybound.issuer.contract.Bank;
import keybound.issuer.contract.CertificateHolder;
import keybound.issuer.contract.BankCode;
import keybound.issuer.contract.Contract;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.ContractSecret;
import keybound.issuer.contract.ContractUser;
import keybound.issuer.contract.RegisteredUser;
import keybound.issuer.contract.TotpEnrolment;
import keybound.issuer.contract.Role;
import keybound.issuer.contract.UserId;
import keybound.issuer.contract.UserSecret;
import keybound.issuer.enrollment.AcquisitionWindow;
import keybound.issuer.enrollment.AdministratorAcquisition;
import keybound.issuer.enrollment.AdministratorCredentials;
import keybound.issuer.enrollment.Renewal;
import keybound.issuer.enrollment.RenewalKind;
import keybound.issuer.enrollment.UserAcquisition;
import keybound.issuer.policy.AttestationNonce;
import keybound.issuer.policy.AttestationResult;
import keybound.issuer.policy.AttestationRule;
import keybound.issuer.policy.CheckedCsr;
import keybound.issuer.policy.CommonNameRule;
import keybound.issuer.policy.CsrCheck;
import keybound.issuer.policy.KeyRule;
import keybound.issuer.policy.ValidityRule;
import keybound.issuer.store.BankRepository;
import keybound.issuer.store.CertificateRecord;
import keybound.issuer.store.CertificateRepository;
import keybound.issuer.store.CertificateStatus;
import keybound.issuer.store.ContractRepository;
import keybound.issuer.store.Database;
import keybound.issuer.store.UserRepository;
import keybound.token.attest.AttestationVerifier;

/**
 * The bank's issuer: the manual's enrollment rules in front of the CA. Each operation runs in
 * this order: check the request (CSR size, DER, key, proof of possession), authorise (account
 * state, window, secrets with lockout, authorisation, attestation), then build, sign and persist
 * in one transaction. Every refusal is its own {@link IssuerException}, is audited, and leaves
 * nothing recorded as issued.
 *
 * <p>For the logon service: {@link #registry()} (a presented certificate's record, standing and
 * holder), {@link #secrets()} (B/イ/ト and card checks with lockout), {@link #caChain()} (TLS
 * trust) and {@link #revocations()} (CRL, OCSP).
 */
public final class Issuer {

    private final Database database;
    private final CertificateAuthority ca;
    private final IssuerConfig config;
    private final Clock clock;
    private final SecretChecks secrets;
    private final BackOffice backOffice;
    private final CsrCheck csrCheck;
    private final AttestationRule attestationRule;
    private final CommonNameRule commonNames;
    private final AcquisitionWindow window;
    private final Issuance issuance;
    private final CertificateRegistry registry;
    private final Revocations revocations;
    private final SecretHasher hasher;
    private final SecretGenerator generator = new SecretGenerator();
    private final BankRepository banks = new BankRepository();
    private final Map<BankCode, Bank> bankCache = new ConcurrentHashMap<>();
    private final ContractRepository contracts = new ContractRepository();
    private final UserRepository users = new UserRepository();
    private final CertificateRepository certificates = new CertificateRepository();
    private final AuditLog audit = new AuditLog();
    private final AdministratorGate gate;
    private final UserChanges userChanges;
    private final TotpEnrolments totp;

    public Issuer(Database database, CertificateAuthority ca, AttestationVerifier attestationVerifier, IssuerConfig config,
                  Clock clock) {
        this.database = database;
        this.ca = ca;
        this.config = config;
        this.clock = clock;
        this.secrets = new SecretChecks(database, config, clock);
        this.backOffice = new BackOffice(database, config, clock);
        this.csrCheck = new CsrCheck(config.csrMaxBytes(), new KeyRule());
        this.attestationRule = new AttestationRule(attestationVerifier);
        this.commonNames = new CommonNameRule(config.contractIdLength());
        this.window = new AcquisitionWindow(config.acquisitionWindow(), clock);
        this.issuance = new Issuance(ca, new ValidityRule(config.certificateValidity()));
        this.registry = new CertificateRegistry(database, clock);
        this.revocations = new Revocations(database, ca, config, clock);
        this.hasher = new SecretHasher(config.secretHashing());
        this.gate = new AdministratorGate(database, registry, secrets, clock);
        this.userChanges = new UserChanges(database, gate, config, clock);
        this.totp = new TotpEnrolments(database, gate, config, clock);
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

    /** The CA chain, issuing CA first, root last. */
    public List<X509Certificate> caChain() {
        return ca.chain();
    }

    // ---- manual I-2 ---------------------------------------------------------------------------

    /** Issues the administrator certificate (CN = A + bank code); supersedes the previous one. */
    public IssuedCertificate acquireAdministrator(AdministratorAcquisition request) {
        String subject = "contract:" + request.contract();
        return audited(subject, () -> {
            CheckedCsr csr = csrCheck.check(request.csr());
            Contract contract = secrets.checkContract(request.contract(), c -> window.check(c.applicationDate()),
                    List.of(Map.entry(ContractSecret.CONTRACT_PIN, request.contractPin()),
                            Map.entry(ContractSecret.CONFIRMATION_PIN, request.confirmationPin())));
            Bank bank = bank(contract);
            AttestationResult attestation = attestationRule.apply(bank.attestationPolicy(), request.attestation(), csr,
                    AttestationNonce.forEnrollment(contract.id(), "", csr.keyInfo()));
            var who = new Issuance.Subject(Role.ADMINISTRATOR, contract.id(), Optional.empty(), bank,
                    commonNames.administrator(contract.id(), bank.code()));
            return database.inTransaction(c -> {
                lockOpenContract(c, contract.id());
                return issuance.issueReplacingActive(c, who, csr, request.token(), attestation, clock.instant());
            });
        });
    }

    // ---- manual I-3 ---------------------------------------------------------------------------

    /**
     * The administrator registers a user (ニ chosen by the administrator) and receives the user's
     * initial ト and チ, once. At most {@link IssuerConfig#maxUsersPerContract()} users.
     */
    public RegisteredUser registerUser(AdministratorCredentials admin, UserId user) {
        ContractId contract = requireAdministrator(admin);
        return audited("user:" + contract + "/" + user, () -> {
            InitialUserSecrets initial = InitialUserSecrets.generate(generator, hasher);
            database.inTransaction(c -> {
                lockOpenContract(c, contract);
                if (users.find(c, contract, user).isPresent()) {
                    throw new InvalidRequestException("contract " + contract + " already has a user " + user);
                }
                if (users.count(c, contract) >= config.maxUsersPerContract()) {
                    throw new UserLimitException("contract " + contract + " already has " + config.maxUsersPerContract()
                            + " users");
                }
                users.insert(c, contract, user, initial.userPinHash(), initial.confirmationPinHash());
                audit.append(c, clock.instant(), AuditEvent.USER_REGISTERED, "user:" + contract + "/" + user, "by administrator");
                return null;
            });
            return initial.handOut(contract, user);
        });
    }

    /**
     * The administrator issues a user a certificate authorisation, open until {@code expires}
     * (at most {@link IssuerConfig#maxAuthorisation()} ahead). It is consumed by the user's acquisition.
     */
    public void authoriseUser(AdministratorCredentials admin, UserId user, Instant expires) {
        ContractId contract = requireAdministrator(admin);
        String subject = "user:" + contract + "/" + user;
        audited(subject, () -> {
            Instant now = clock.instant();
            if (!expires.isAfter(now) || expires.isAfter(now.plus(config.maxAuthorisation()))) {
                throw new InvalidRequestException("an authorisation must expire within " + config.maxAuthorisation().toDays()
                        + " days from now");
            }
            return database.inTransaction(c -> {
                gate.lockedUser(c, contract, user);
                users.authorise(c, contract, user, expires);
                audit.append(c, now, AuditEvent.USER_AUTHORISED, subject, "expires=" + expires);
                return null;
            });
        });
    }

    /** Changing a registered user (manual I-3 利用者情報変更): reset secrets, suspend, resume. */
    public UserChanges userChanges() {
        return userChanges;
    }

    /** See {@link UserChanges#resetSecrets}. */
    public RegisteredUser resetUserSecrets(AdministratorCredentials admin, UserId user) {
        return userChanges.resetSecrets(admin, user);
    }

    /** See {@link UserChanges#suspend}. */
    public boolean suspendUser(AdministratorCredentials admin, UserId user) {
        return userChanges.suspend(admin, user);
    }

    /** See {@link UserChanges#resume}. */
    public boolean resumeUser(AdministratorCredentials admin, UserId user) {
        return userChanges.resume(admin, user);
    }

    /** The administrator's TOTP: enrolment, removal, and the seed and time step for the logon check. */
    public TotpEnrolments totp() {
        return totp;
    }

    /** See {@link TotpEnrolments#enrol}. */
    public TotpEnrolment enrolTotp(AdministratorCredentials admin) {
        return totp.enrol(admin);
    }

    /** See {@link TotpEnrolments#remove}. */
    public boolean removeTotp(AdministratorCredentials admin) {
        return totp.remove(admin);
    }

    /** See {@link TotpEnrolments#seed}. */
    public Optional<byte[]> totpSeed(ContractId contract) {
        return totp.seed(contract);
    }

    /** See {@link TotpEnrolments#advanceStep}. */
    public boolean advanceTotpStep(ContractId contract, long step) {
        return totp.advanceStep(contract, step);
    }

    /** The contract's users, for the administrator's status page (an administrator session; no ロ needed). */
    public List<ContractUser> users(X509Certificate administratorCertificate) {
        ContractId contract = requireAdministratorCertificate(administratorCertificate);
        return database.inTransaction(c -> users.list(c, contract));
    }

    /**
     * The administrator revokes a user's current certificate (an administrator session; no ロ
     * needed). Returns the serials revoked; empty if the user held none.
     */
    public List<String> revokeUserCertificate(X509Certificate administratorCertificate, UserId user, RevocationReason reason) {
        ContractId contract = requireAdministratorCertificate(administratorCertificate);
        return database.inTransaction(c -> {
            users.find(c, contract, user)
                    .orElseThrow(() -> new UnknownUserException("contract " + contract + " has no user " + user));
            List<String> revoked = new ArrayList<>();
            Instant now = clock.instant();
            for (CertificateRecord r : certificates.active(c, contract, Role.USER, Optional.of(user))) {
                if (certificates.revoke(c, r.serial(), reason, now, Optional.empty())) {
                    audit.append(c, now, AuditEvent.REVOKED, "serial:" + r.serial(), "reason=" + reason + " by administrator");
                    revoked.add(r.serial());
                }
            }
            return revoked;
        });
    }

    // ---- manual II-1 --------------------------------------------------------------------------

    /** Issues a user certificate (CN = A + ニ + bank code), consuming the authorisation; supersedes the user's previous one. */
    public IssuedCertificate acquireUser(UserAcquisition request) {
        String subject = "user:" + request.contract() + "/" + request.user();
        return audited(subject, () -> {
            CheckedCsr csr = csrCheck.check(request.csr());
            secrets.checkUser(request.contract(), request.user(), user -> {
                if (user.authorisationExpires().filter(clock.instant()::isBefore).isEmpty()) {
                    throw new NoAuthorisationException("user " + request.contract() + "/" + request.user()
                            + " holds no open certificate authorisation");
                }
            }, List.of(Map.entry(UserSecret.USER_PIN, request.userPin()),
                    Map.entry(UserSecret.USER_CONFIRMATION_PIN, request.userConfirmationPin())));
            Contract contract = database.inTransaction(c -> contracts.find(c, request.contract())).orElseThrow();
            Bank bank = bank(contract);
            AttestationResult attestation = attestationRule.apply(bank.attestationPolicy(), request.attestation(), csr,
                    AttestationNonce.forEnrollment(contract.id(), request.user().value(), csr.keyInfo()));
            var who = new Issuance.Subject(Role.USER, contract.id(), Optional.of(request.user()), bank,
                    commonNames.user(contract.id(), request.user(), bank.code()));
            return database.inTransaction(c -> {
                gate.lockUnclosedContract(c, contract.id());
                Instant at = clock.instant();
                if (!users.consumeAuthorisation(c, contract.id(), request.user(), at)) {
                    throw new NoAuthorisationException("the authorisation was used or expired meanwhile");
                }
                return issuance.issueReplacingActive(c, who, csr, request.token(), attestation, at);
            });
        });
    }

    // ---- renewal and migration ----------------------------------------------------------------

    /**
     * A holder of a current certificate gets one for a new key, proving the old key (signature
     * over {@link Renewal#proofMessage(byte[])}) and its secrets; the old certificate is revoked
     * as superseded in the same transaction. RENEWAL opens {@link IssuerConfig#renewalLead()}
     * before expiry; MIGRATION (a new token) is open while the certificate is current.
     */
    public IssuedCertificate renew(Renewal request) {
        String serial = request.current().getSerialNumber().toString(16);
        return audited("serial:" + serial, () -> {
            CheckedCsr csr = csrCheck.check(request.newCsr());
            CertificateRecord old = registry.registered(request.current())
                    .orElseThrow(() -> new UnknownCertificateException("certificate " + serial + " was not issued here"));
            Instant now = clock.instant();
            if (!old.isCurrent(now)) {
                throw new RenewalNotOpenException("certificate " + serial + " is not current");
            }
            if (request.kind() == RenewalKind.RENEWAL && now.isBefore(config.renewalOpens(old.notAfter()))) {
                throw new RenewalNotOpenException("renewal opens " + config.renewalLead().toDays() + " days before expiry, on "
                        + config.renewalOpens(old.notAfter()));
            }
            verifyOldKeyProof(request);
            if (Issuance.keyHash(csr).equals(old.publicKeySha256())) {
                throw new InvalidRequestException("the new certificate must be for a new key");
            }
            checkHolderSecrets(old, request.firstSecret(), request.secondSecret());
            Contract contract = database.inTransaction(c -> contracts.find(c, old.contract())).orElseThrow();
            Bank bank = bank(contract);
            AttestationResult attestation = attestationRule.apply(bank.attestationPolicy(), request.attestation(), csr,
                    AttestationNonce.forEnrollment(contract.id(), old.user().map(UserId::value).orElse(""), csr.keyInfo()));
            var who = new Issuance.Subject(old.role(), old.contract(), old.user(), bank, old.commonName());
            return database.inTransaction(c -> {
                lockOpenContractForRole(c, old);
                CertificateRecord fresh = certificates.find(c, old.serial()).orElseThrow();
                if (fresh.status() != CertificateStatus.ACTIVE) {
                    throw new RenewalNotOpenException("certificate " + serial + " was revoked meanwhile");
                }
                Instant at = clock.instant();
                IssuedCertificate issued = issuance.issue(c, who, csr, request.token(), attestation, at);
                issuance.supersede(c, fresh, issued.serial(), at);
                return issued;
            });
        });
    }

    // ---- revocation, CRL, OCSP and the registry's read side -----------------------------------

    /** Revocation, CRL and OCSP. */
    public Revocations revocations() {
        return revocations;
    }

    /** The registry's read side: a presented certificate's record, standing and holder; expiry notices. */
    public CertificateRegistry registry() {
        return registry;
    }

    /** Revokes a certificate by serial (lower-case hex); see {@link Revocations#revoke}. */
    public boolean revoke(String serial, RevocationReason reason) {
        return revocations.revoke(serial, reason);
    }

    // Shortcuts to the two above, kept because callers (the server's logon adapter) use them.

    /** See {@link CertificateRegistry#state}. */
    public CertificateState state(X509Certificate presented) {
        return registry.state(presented);
    }

    /** See {@link CertificateRegistry#holderOf}. */
    public Optional<CertificateHolder> holderOf(X509Certificate presented) {
        return registry.holderOf(presented);
    }

    /** See {@link CertificateRegistry#registered}. */
    public Optional<CertificateRecord> registered(X509Certificate presented) {
        return registry.registered(presented);
    }

    /** See {@link CertificateRegistry#administratorCertificateIssued}. */
    public boolean administratorCertificateIssued(ContractId contract) {
        return registry.administratorCertificateIssued(contract);
    }

    /** See {@link CertificateRegistry#certificates}. */
    public List<CertificateRecord> certificates(ContractId contract) {
        return registry.certificates(contract);
    }

    /** See {@link CertificateRegistry#expiryNotices}. */
    public List<ExpiryNotice> expiryNotices(Instant now) {
        return registry.expiryNotices(now);
    }

    /** See {@link Revocations#crl}. */
    public X509CRL crl() {
        return revocations.crl();
    }

    /** See {@link Revocations#ocsp}. */
    public byte[] ocsp(byte[] request) {
        return revocations.ocsp(request);
    }

    // ---- internals ----------------------------------------------------------------------------

    private <T> T audited(String subject, Supplier<T> work) {
        return gate.audited(subject, work);
    }

    private ContractId requireAdministrator(AdministratorCredentials admin) {
        return gate.requireAdministrator(admin);
    }

    private ContractId requireAdministratorCertificate(X509Certificate certificate) {
        return gate.requireAdministratorCertificate(certificate);
    }

    private void checkHolderSecrets(CertificateRecord holder, Secret first, Secret second) {
        if (holder.role() == Role.ADMINISTRATOR) {
            secrets.checkContract(holder.contract(), c -> { }, List.of(Map.entry(ContractSecret.CONTRACT_PIN, first),
                    Map.entry(ContractSecret.CONFIRMATION_PIN, second)));
        } else {
            secrets.checkUser(holder.contract(), holder.user().orElseThrow(), u -> { },
                    List.of(Map.entry(UserSecret.USER_PIN, first), Map.entry(UserSecret.USER_CONFIRMATION_PIN, second)));
        }
    }

    private void verifyOldKeyProof(Renewal request) {
        var key = request.current().getPublicKey();
        String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        boolean ok;
        try {
            Signature signature = Signature.getInstance(algorithm);
            signature.initVerify(key);
            signature.update(Renewal.proofMessage(request.newCsr()));
            ok = request.oldKeySignature() != null && signature.verify(request.oldKeySignature());
        } catch (GeneralSecurityException | RuntimeException e) {
            ok = false;
        }
        if (!ok) {
            throw new NotAuthorisedException("the renewal is not signed by the current certificate's key");
        }
    }

    /** Banks are only ever added, never changed, so a bank once read is kept. */
    private Bank bank(Contract contract) {
        return bankCache.computeIfAbsent(contract.bank(),
                code -> database.inTransaction(c -> banks.find(c, code)).orElseThrow());
    }

    private void lockOpenContract(java.sql.Connection c, ContractId id) throws java.sql.SQLException {
        gate.lockOpenContract(c, id);
    }

    private void lockOpenContractForRole(java.sql.Connection c, CertificateRecord holder) throws java.sql.SQLException {
        if (holder.role() == Role.ADMINISTRATOR) {
            lockOpenContract(c, holder.contract());
            return;
        }
        gate.lockUnclosedContract(c, holder.contract());
    }
}
