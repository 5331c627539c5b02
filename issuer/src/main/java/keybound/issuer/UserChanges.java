package keybound.issuer;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
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
import keybound.issuer.refusal.AccountLockedException;
import keybound.issuer.refusal.UnknownUserException;
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
            InitialUserSecrets fresh = InitialUserSecrets.generate(generator, hasher);
            database.inTransaction(c -> {
                ContractUser found = gate.lockedUser(c, contract, user);
                if (found.status() == UserStatus.LOCKED
                        || !users.resetSecrets(c, contract, user, fresh.userPinHash(), fresh.confirmationPinHash())) {
                    throw userLocked(contract, user);
                }
                audit.append(c, clock.instant(), AuditEvent.USER_SECRETS_RESET, subject, "by administrator");
                return null;
            });
            return fresh.handOut(contract, user);
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
        return changeStatus(admin, user, AuditEvent.USER_SUSPENDED, (c, contract, found) -> {
            if (found.status() == UserStatus.LOCKED) {
                throw userLocked(contract, user);
            }
            return users.suspend(c, contract, user);
        });
    }

    /** Lifts a suspension. Returns false if the user was not suspended. */
    public boolean resume(AdministratorCredentials admin, UserId user) {
        return changeStatus(admin, user, AuditEvent.USER_RESUMED, (c, contract, found) -> users.resume(c, contract, user));
    }

    /** One status change of an existing user, as a conditional UPDATE. */
    @FunctionalInterface
    private interface StatusChange {
        boolean apply(Connection c, ContractId contract, ContractUser found) throws SQLException;
    }

    /** Checks the administrator, then under the contract's row lock applies {@code change}, audited as {@code event} if it changed anything. */
    private boolean changeStatus(AdministratorCredentials admin, UserId user, AuditEvent event, StatusChange change) {
        ContractId contract = gate.requireAdministrator(admin);
        String subject = subject(contract, user);
        return gate.audited(subject, () -> database.inTransaction(c -> {
            boolean done = change.apply(c, contract, gate.lockedUser(c, contract, user));
            if (done) {
                audit.append(c, clock.instant(), event, subject, "by administrator");
            }
            return done;
        }));
    }

    private static AccountLockedException userLocked(ContractId contract, UserId user) {
        return new AccountLockedException("user " + contract + "/" + user + " is locked; the bank must unlock it");
    }

    private static String subject(ContractId contract, UserId user) {
        return "user:" + contract + "/" + user;
    }
}
