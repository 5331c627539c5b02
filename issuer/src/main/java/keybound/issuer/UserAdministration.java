package keybound.issuer;

import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import keybound.credentials.SecretGenerator;
import keybound.credentials.SecretVerifiers;
import keybound.issuer.audit.AuditEvent;
import keybound.issuer.audit.AuditLog;
import keybound.issuer.ca.RevocationReason;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.ContractUser;
import keybound.issuer.contract.RegisteredUser;
import keybound.issuer.contract.Role;
import keybound.issuer.contract.UserId;
import keybound.issuer.contract.UserStatus;
import keybound.issuer.enrollment.AdministratorCredentials;
import keybound.issuer.refusal.AccountLockedException;
import keybound.issuer.refusal.InvalidRequestException;
import keybound.issuer.refusal.UnknownUserException;
import keybound.issuer.refusal.UserLimitException;
import keybound.issuer.store.CertificateRecord;
import keybound.issuer.store.CertificateRepository;
import keybound.issuer.store.Database;
import keybound.issuer.store.UserRepository;

/**
 * Manual I-3, 利用者情報登録／変更: the administrator's work on the contract's users. With the
 * current administrator certificate and ロ: register a user, authorise a certificate, reset
 * secrets, suspend, resume. With the administrator's session alone: list the users and revoke a
 * user's certificate. Each change is one transaction under the contract's row lock, with its
 * audit entry; each refusal is typed and audited. (The registry keeps no display name for users,
 * so there is none to change.)
 */
public final class UserAdministration {

    private final Database database;
    private final AdministratorGate gate;
    private final Clock clock;
    private final IssuerConfig config;
    private final SecretVerifiers verifiers;
    private final SecretGenerator generator = new SecretGenerator();
    private final UserRepository users = new UserRepository();
    private final CertificateRepository certificates = new CertificateRepository();
    private final AuditLog audit = new AuditLog();

    UserAdministration(Database database, AdministratorGate gate, IssuerConfig config, SecretVerifiers verifiers,
                       Clock clock) {
        this.database = database;
        this.gate = gate;
        this.clock = clock;
        this.config = config;
        this.verifiers = verifiers;
    }

    /**
     * Registers a user (ニ chosen by the administrator) and hands out the user's initial ト and
     * チ, once. At most {@link IssuerConfig#maxUsersPerContract()} users.
     */
    public RegisteredUser register(AdministratorCredentials admin, UserId user) {
        ContractId contract = gate.requireAdministrator(admin);
        String subject = subject(contract, user);
        return gate.audited(subject, () -> {
            InitialUserSecrets initial = InitialUserSecrets.generate(generator, verifiers);
            database.inTransaction(c -> {
                gate.lockOpenContract(c, contract);
                if (users.find(c, contract, user).isPresent()) {
                    throw new InvalidRequestException("contract " + contract + " already has a user " + user);
                }
                if (users.count(c, contract) >= config.maxUsersPerContract()) {
                    throw new UserLimitException("contract " + contract + " already has " + config.maxUsersPerContract()
                            + " users");
                }
                users.insert(c, contract, user, initial.userPinHash(), initial.confirmationPinHash());
                audit.append(c, clock.instant(), AuditEvent.USER_REGISTERED, subject, "by administrator");
                return null;
            });
            return initial.handOut(contract, user);
        });
    }

    /**
     * Issues the user a certificate authorisation, open until {@code expires} (at most
     * {@link IssuerConfig#maxAuthorisation()} ahead). The user's acquisition consumes it.
     */
    public void authorise(AdministratorCredentials admin, UserId user, Instant expires) {
        ContractId contract = gate.requireAdministrator(admin);
        String subject = subject(contract, user);
        gate.audited(subject, () -> {
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

    /** The contract's users, for the administrator's status page (an administrator session; no ロ needed). */
    public List<ContractUser> list(X509Certificate administratorCertificate) {
        ContractId contract = gate.requireAdministratorCertificate(administratorCertificate);
        return database.inTransaction(c -> users.list(c, contract));
    }

    /**
     * Revokes the user's current certificate (an administrator session; no ロ needed). Returns the
     * serials revoked; empty if the user held none.
     *
     * @throws UnknownUserException the contract has no such user
     */
    public List<String> revokeCertificate(X509Certificate administratorCertificate, UserId user, RevocationReason reason) {
        ContractId contract = gate.requireAdministratorCertificate(administratorCertificate);
        return database.inTransaction(c -> {
            if (users.find(c, contract, user).isEmpty()) {
                throw new UnknownUserException("contract " + contract + " has no user " + user);
            }
            List<String> revoked = new ArrayList<>();
            Instant now = clock.instant();
            for (CertificateRecord r : certificates.active(c, contract, Role.USER, Optional.of(user))) {
                if (certificates.revoke(c, r.serial(), reason, now, Optional.empty())) {
                    revoked.add(r.serial());
                }
            }
            // the audit head after the certificate rows, as every writer takes them (no deadlock)
            for (String serial : revoked) {
                audit.append(c, now, AuditEvent.REVOKED, "serial:" + serial, "reason=" + reason + " by administrator");
            }
            return revoked;
        });
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
            InitialUserSecrets fresh = InitialUserSecrets.generate(generator, verifiers);
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
