package keybound.issuer;

import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import keybound.issuer.audit.AuditEvent;
import keybound.issuer.audit.AuditLog;
import keybound.issuer.contract.Contract;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.ContractSecret;
import keybound.issuer.contract.ContractStatus;
import keybound.issuer.contract.ContractUser;
import keybound.issuer.contract.Role;
import keybound.issuer.contract.UserId;
import keybound.issuer.enrollment.AdministratorCredentials;
import keybound.issuer.refusal.ContractClosedException;
import keybound.issuer.refusal.IssuerException;
import keybound.issuer.refusal.NotAuthorisedException;
import keybound.issuer.refusal.UnknownContractException;
import keybound.issuer.refusal.UnknownUserException;
import keybound.issuer.refusal.WrongSecretException;
import keybound.issuer.store.CertificateRecord;
import keybound.issuer.store.ContractRepository;
import keybound.issuer.store.Database;
import keybound.issuer.store.UserRepository;

/**
 * What every administrator operation (manual I-3) and every enrollment shares: the check of the
 * administrator's certificate and ロ, the contract's row lock, and the audit entry of a refusal.
 */
final class AdministratorGate {

    private final Database database;
    private final CertificateRegistry registry;
    private final SecretChecks secrets;
    private final Clock clock;
    private final ContractRepository contracts = new ContractRepository();
    private final UserRepository users = new UserRepository();
    private final AuditLog audit = new AuditLog();
    private final UnauthenticatedDenials unauthenticated;

    AdministratorGate(Database database, CertificateRegistry registry, SecretChecks secrets, Clock clock) {
        this.database = database;
        this.registry = registry;
        this.secrets = secrets;
        this.clock = clock;
        this.unauthenticated = new UnauthenticatedDenials(database, clock);
    }

    /**
     * Runs an enrollment's {@code work}: like {@link #audited}, but a refusal before the caller
     * proved its secrets (anyone may send those, with any IDs) is only counted in the minute's
     * summary ({@link UnauthenticatedDenials}).
     */
    <T> T auditedEnrollment(Enrollment enrollment, Supplier<T> work) {
        try {
            return work.get();
        } catch (IssuerException e) {
            if (e instanceof WrongSecretException) {
                throw e; // counted and audited where it was checked
            }
            if (enrollment.secretsProven()) {
                deny(enrollment.auditSubject(), e);
            } else {
                unauthenticated.count(e.getClass().getSimpleName());
            }
            throw e;
        }
    }

    /** Runs {@code work}; a refusal (other than a wrong secret, audited where it is counted) gets a DENIED entry. */
    <T> T audited(String subject, Supplier<T> work) {
        try {
            return work.get();
        } catch (IssuerException e) {
            if (!(e instanceof WrongSecretException)) {
                deny(subject, e);
            }
            throw e;
        }
    }

    private void deny(String subject, IssuerException e) {
        database.inTransaction(c -> audit.append(c, clock.instant(), AuditEvent.DENIED, subject,
                e.getClass().getSimpleName() + ": " + e.getMessage()));
    }

    /** A current administrator certificate of this CA, and ロ checked with the contract's lockout. */
    ContractId requireAdministrator(AdministratorCredentials admin) {
        ContractId contract = requireAdministratorCertificate(admin.certificate());
        secrets.checkContract(contract, ContractSecret.CONFIRMATION_PIN, admin.confirmationPin());
        return contract;
    }

    ContractId requireAdministratorCertificate(X509Certificate certificate) {
        Optional<CertificateRecord> record = registry.registered(certificate);
        if (record.isEmpty() || record.get().role() != Role.ADMINISTRATOR
                || registry.state(certificate) != CertificateState.GOOD) {
            String serial = certificate.getSerialNumber().toString(16);
            database.inTransaction(c -> audit.append(c, clock.instant(), AuditEvent.DENIED, "serial:" + serial,
                    "not a current administrator certificate"));
            throw new NotAuthorisedException("not a current administrator certificate of this CA");
        }
        return record.get().contract();
    }

    /** Locks the contract row for the rest of the transaction and re-checks that it is still OPEN. */
    void lockOpenContract(Connection c, ContractId id) throws SQLException {
        SecretChecks.requireUsable(contracts.lock(c, id).orElseThrow(() -> new UnknownContractException("unknown contract " + id)));
    }

    /**
     * Locks the contract row and re-checks only that it is not CLOSED: the contract's lockout bars
     * its administrator's secrets, not its users' issuance.
     */
    void lockUnclosedContract(Connection c, ContractId id) throws SQLException {
        Contract locked = contracts.lock(c, id).orElseThrow(() -> new UnknownContractException("unknown contract " + id));
        if (locked.status() == ContractStatus.CLOSED) {
            throw new ContractClosedException("contract " + id + " is closed");
        }
    }

    /** Under the contract's row lock (which also re-checks that it is usable): the user, who must exist. */
    ContractUser lockedUser(Connection c, ContractId contract, UserId user) throws SQLException {
        lockOpenContract(c, contract);
        return users.find(c, contract, user)
                .orElseThrow(() -> new UnknownUserException("contract " + contract + " has no user " + user));
    }
}
