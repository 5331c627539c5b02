package keybound.issuer;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import keybound.credentials.Secret;
import keybound.credentials.SecretGenerator;
import keybound.credentials.SecretHasher;
import keybound.issuer.audit.AuditEvent;
import keybound.issuer.audit.AuditLog;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.ContractUser;
import keybound.issuer.contract.RegisteredUser;
import keybound.issuer.contract.UserId;
import keybound.issuer.contract.UserStatus;
import keybound.issuer.enrollment.AdministratorCredentials;
import keybound.issuer.store.Database;
import keybound.issuer.store.UserRepository;

/**
 * Manual I-3, 利用者情報登録／変更 → 変更: the administrator (current administrator certificate
 * and ロ) changes a registered user. Each change is one transaction under the contract's row
 * lock, with its audit entry; each refusal is typed and audited. (The registry keeps no display
 * name for users, so there is none to change.)
 */
public final class UserChanges {

    private final Database database;
    private final AdministratorGate gate;
    private final Clock clock;
    private final SecretHasher hasher;
    private final SecretGenerator generator = new SecretGenerator();
    private final UserRepository users = new UserRepository();
    private final AuditLog audit = new AuditLog();

    UserChanges(Database database, AdministratorGate gate, IssuerConfig config, Clock clock) {
        this.database = database;
        this.gate = gate;
        this.clock = clock;
        this.hasher = new SecretHasher(config.secretHashing());
    }

    /**
     * New initial ト and チ for the user, returned once and stored only hashed; the user's failure
     * counter is cleared. The user acquires (and logs on) with them from now on.
     *
     * @throws UnknownUserException   the contract has no such user
     * @throws AccountLockedException the user (or the contract) is locked: only the bank unlocks
     */
    public RegisteredUser resetSecrets(AdministratorCredentials admin, UserId user) {
        ContractId contract = gate.requireAdministrator(admin);
        String subject = subject(contract, user);
        return gate.audited(subject, () -> {
            Secret pin = generator.digits(BackOffice.PIN_LENGTH);
            Secret confirmation = generator.digits(BackOffice.PIN_LENGTH);
            String pinHash = hasher.hash(pin);
            String confirmationHash = hasher.hash(confirmation);
            database.inTransaction(c -> {
                ContractUser found = lockedUser(c, contract, user);
                if (found.status() == UserStatus.LOCKED || !users.resetSecrets(c, contract, user, pinHash, confirmationHash)) {
                    throw new AccountLockedException("user " + contract + "/" + user + " is locked; the bank must unlock it");
                }
                audit.append(c, clock.instant(), AuditEvent.USER_SECRETS_RESET, subject, "by administrator");
                return null;
            });
            return new RegisteredUser(contract, user, pin, confirmation);
        });
    }

    /**
     * Suspends the user: no acquisition and no logon ({@link CertificateRegistry#holderOf} is empty,
     * {@link CertificateRegistry#state} says SUSPENDED) until {@link #resume}. Returns false if the
     * user was already suspended.
     *
     * @throws UnknownUserException   the contract has no such user
     * @throws AccountLockedException the user is locked by wrong secrets (the bank's business first)
     */
    public boolean suspend(AdministratorCredentials admin, UserId user) {
        ContractId contract = gate.requireAdministrator(admin);
        String subject = subject(contract, user);
        return gate.audited(subject, () -> database.inTransaction(c -> {
            ContractUser found = lockedUser(c, contract, user);
            if (found.status() == UserStatus.LOCKED) {
                throw new AccountLockedException("user " + contract + "/" + user + " is locked; the bank must unlock it");
            }
            boolean done = users.suspend(c, contract, user);
            if (done) {
                audit.append(c, clock.instant(), AuditEvent.USER_SUSPENDED, subject, "by administrator");
            }
            return done;
        }));
    }

    /** Lifts a suspension. Returns false if the user was not suspended. */
    public boolean resume(AdministratorCredentials admin, UserId user) {
        ContractId contract = gate.requireAdministrator(admin);
        String subject = subject(contract, user);
        return gate.audited(subject, () -> database.inTransaction(c -> {
            lockedUser(c, contract, user);
            boolean done = users.resume(c, contract, user);
            if (done) {
                audit.append(c, clock.instant(), AuditEvent.USER_RESUMED, subject, "by administrator");
            }
            return done;
        }));
    }

    /** Locks the open contract's row and reads the user, who must exist. */
    private ContractUser lockedUser(Connection c, ContractId contract, UserId user) throws SQLException {
        gate.lockOpenContract(c, contract);
        return users.find(c, contract, user)
                .orElseThrow(() -> new UnknownUserException("contract " + contract + " has no user " + user));
    }

    private static String subject(ContractId contract, UserId user) {
        return "user:" + contract + "/" + user;
    }
}
