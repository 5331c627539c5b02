package keybound.issuer;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import keybound.credentials.SecretGenerator;
import keybound.credentials.SecretHasher;
import keybound.credentials.SecretVerifiers;
import keybound.credentials.VerifierUnavailableException;
import keybound.issuer.audit.AuditEvent;
import keybound.issuer.audit.AuditLog;
import keybound.issuer.contract.CardCell;
import keybound.issuer.contract.CardSeal;
import keybound.issuer.contract.Contract;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.ContractSecret;
import keybound.issuer.contract.ContractStatus;
import keybound.issuer.contract.ContractUser;
import keybound.issuer.contract.UserId;
import keybound.issuer.contract.UserSecret;
import keybound.issuer.contract.UserStatus;
import keybound.issuer.refusal.AccountLockedException;
import keybound.issuer.refusal.ContractClosedException;
import keybound.issuer.refusal.UnknownContractException;
import keybound.issuer.refusal.UnknownUserException;
import keybound.issuer.refusal.UserSuspendedException;
import keybound.issuer.refusal.WrongSecretException;
import keybound.issuer.store.ContractRepository;
import keybound.issuer.store.Database;
import keybound.issuer.store.UnattributedRefusals;
import keybound.issuer.store.UserRepository;
import keybound.token.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the bank's account secrets with lockout, for the issuer and for the logon service:
 * an unknown, locked or closed account is refused at a wrong secret's cost (one verification per
 * answer and one durable write, see {@code refusedAtEqualCost}); a wrong secret is counted
 * (and the account locked at the threshold) in its own committed transaction, with an audit
 * entry, before the error is thrown; a right one clears the counter and, in the same
 * transaction, re-keys verifiers made otherwise than {@link SecretVerifiers} makes them now.
 * A verifier whose key cannot be used throws {@link VerifierUnavailableException} and counts
 * nothing.
 */
public final class SecretChecks {

    private static final Logger LOG = LoggerFactory.getLogger(SecretChecks.class);

    private final Database database;
    private final SecretVerifiers verifiers;
    private final CardSeal cardSeal;
    private final Resealing resealing;
    private final int threshold;
    private final Clock clock;
    private final ContractRepository contracts = new ContractRepository();
    private final UserRepository users = new UserRepository();
    private final UnattributedRefusals unattributed = new UnattributedRefusals();
    private final AuditLog audit = new AuditLog();
    /** Hashed against for unknown accounts, so "no such account" costs what a wrong secret costs. */
    private final String unknownAccountHash;

    public SecretChecks(Database database, IssuerConfig config, Clock clock) {
        this(database, config, SecretVerifiers.argon2Only(new SecretHasher(config.secretHashing())), clock);
    }

    public SecretChecks(Database database, IssuerConfig config, SecretVerifiers verifiers, Clock clock) {
        this.database = database;
        this.verifiers = verifiers;
        this.cardSeal = new CardSeal(config.sealing());
        this.resealing = new Resealing(database, config);
        this.threshold = config.lockoutThreshold();
        this.clock = clock;
        try (Secret filler = new SecretGenerator().password(16)) {
            this.unknownAccountHash = verifiers.create(filler);
        }
    }

    /** The contract, if it exists and accepts secrets (not locked, not closed). */
    public Contract requireUsableContract(ContractId id) {
        Contract contract = database.inTransaction(c -> contracts.find(c, id))
                .orElseThrow(() -> new UnknownContractException("unknown contract " + id));
        requireUsable(contract);
        return contract;
    }

    /** The user, if it and its contract exist and the user accepts secrets. The contract's own lock does not bar its users. */
    public ContractUser requireUsableUser(ContractId contract, UserId user) {
        return database.inTransaction(c -> usableUser(c, contract, user));
    }

    /** Checks one of the contract's secrets (B, イ or ロ). */
    public void checkContract(ContractId id, ContractSecret which, Secret secret) {
        checkContract(id, List.of(Map.entry(which, secret)));
    }

    /**
     * Checks one contract secret as one factor of a logon that asks for others too (イ beside the
     * card or TOTP, B beside イ): a wrong answer is counted like any secret, a right one leaves the
     * count alone, so a right イ cannot wipe out failed one-time passwords. The logon clears the
     * count with {@link #clearContractFailures(ContractId)} once every factor was right.
     */
    public void checkContractFactor(ContractId id, ContractSecret which, Secret secret) {
        checkContract(id, List.of(Map.entry(which, secret)), false);
    }

    /**
     * Reads the contract and the hashes of {@code answers} in one transaction, refuses an unusable
     * contract, then checks every answer (all of them, so the time taken does not tell which one
     * matched); the first wrong one is counted and thrown. All right: the count is cleared.
     * Nothing else about the contract is decided here: rules such as the acquisition window come
     * after the secrets, so they are only told to someone who knows them.
     */
    public Contract checkContract(ContractId id, List<Map.Entry<ContractSecret, Secret>> answers) {
        return checkContract(id, answers, true);
    }

    private Contract checkContract(ContractId id, List<Map.Entry<ContractSecret, Secret>> answers, boolean clearWhenRight) {
        List<ContractSecret> wanted = answers.stream().map(Map.Entry::getKey).toList();
        var read = refusedAtEqualCost(() -> database.inTransaction(c -> {
            Contract contract = contracts.find(c, id).orElseThrow(() -> new UnknownContractException("unknown contract " + id));
            requireUsable(contract);
            return Map.entry(contract, contracts.secretHashes(c, id, wanted));
        }), answers);
        Contract contract = read.getKey();
        ContractSecret firstWrong = null;
        for (var answer : answers) {
            if (!verifiers.verify(answer.getValue(), read.getValue().get(answer.getKey())) && firstWrong == null) {
                firstWrong = answer.getKey();
            }
        }
        if (firstWrong != null) {
            failContract(id, firstWrong.label());
        }
        // A factor of a wider logon re-keys but leaves the count to the logon (clearContractFailures).
        succeed(clearWhenRight && contract.failures() > 0, c -> contracts.resetFailures(c, id), answers, read.getValue(),
                (c, which, expected, fresh) -> contracts.updateSecretHash(c, id, which, expected, fresh));
        return contract;
    }

    /** Every factor of a logon was right: the contract's count starts again (a locked contract stays locked). */
    public void clearContractFailures(ContractId id) {
        database.inTransaction(c -> {
            contracts.resetFailures(c, id);
            return null;
        });
    }

    /** Like {@link #clearContractFailures}, for a user. */
    public void clearUserFailures(ContractId contract, UserId user) {
        database.inTransaction(c -> {
            users.resetFailures(c, contract, user);
            return null;
        });
    }

    /**
     * Checks a one-time password read off the customer card: {@code answer} must be the digits of
     * {@code cells}, in order. Wrong answers count toward the contract's lockout like any secret;
     * a right one leaves the count alone, as for {@link #checkContractFactor}: the logon clears it
     * once イ was right too. (Single use of the challenge itself is the logon service's job.)
     */
    public void checkCard(ContractId id, List<CardCell> cells, Secret answer) {
        // One read: the contract's standing and its sealed card.
        String sealed = database.inTransaction(c -> {
            requireUsable(contracts.find(c, id).orElseThrow(() -> new UnknownContractException("unknown contract " + id)));
            return contracts.cardSealed(c, id);
        });
        boolean right = answer.withChars(chars -> cardSeal.matches(sealed, id, cells, chars));
        resealing.cardOpened(id, sealed);
        if (!right) {
            failContract(id, "card");
        }
    }

    /** The customer card's grid size (rows, columns), for choosing challenge cells. */
    public int[] cardDimensions(ContractId id) {
        return CardSeal.dimensions(database.inTransaction(c -> contracts.cardSealed(c, id)));
    }

    /** Checks one of a user's secrets (ト or チ). */
    public void checkUser(ContractId contract, UserId user, UserSecret which, Secret secret) {
        checkUser(contract, user, List.of(Map.entry(which, secret)));
    }

    /** Like {@link #checkContract(ContractId, List)}, for a user's secrets. */
    public ContractUser checkUser(ContractId contract, UserId user, List<Map.Entry<UserSecret, Secret>> answers) {
        List<UserSecret> wanted = answers.stream().map(Map.Entry::getKey).toList();
        var read = refusedAtEqualCost(() -> database.inTransaction(
                c -> Map.entry(usableUser(c, contract, user), users.secretHashes(c, contract, user, wanted))), answers);
        ContractUser found = read.getKey();
        UserSecret firstWrong = null;
        for (var answer : answers) {
            // every answer is checked, so the time taken does not tell which one was wrong
            if (!verifiers.verify(answer.getValue(), read.getValue().get(answer.getKey())) && firstWrong == null) {
                firstWrong = answer.getKey();
            }
        }
        if (firstWrong != null) {
            failUser(contract, user, firstWrong);
        }
        succeed(found.failures() > 0, c -> users.resetFailures(c, contract, user), answers, read.getValue(),
                (c, which, expected, fresh) -> users.updateSecretHash(c, contract, user, which, expected, fresh));
        return found;
    }

    /** Whether the contract is locked now (for factors the logon service checks itself, e.g. TOTP). */
    public boolean isLocked(ContractId id) {
        return database.inTransaction(c -> contracts.find(c, id)).map(c -> c.status() == ContractStatus.LOCKED).orElse(false);
    }

    /** Whether the user is locked now. */
    public boolean isLocked(ContractId contract, UserId user) {
        return database.inTransaction(c -> users.find(c, contract, user)).map(u -> u.status() == UserStatus.LOCKED)
                .orElse(false);
    }

    /**
     * Counts one failed factor checked outside the issuer (e.g. a TOTP code), in its own
     * transaction with an audit entry, exactly as a wrong secret is counted.
     *
     * @param factor a short name for the audit log, never the value
     * @throws UnknownContractException no such contract
     */
    public FailureCount countContractFailure(ContractId id, String factor) {
        requireKnown(id);
        return recordContractFailure(id, factor);
    }

    private FailureCount recordContractFailure(ContractId id, String factor) {
        return database.inTransaction(c -> {
            Contract updated = contracts.recordFailure(c, id, threshold);
            return audited(c, "contract:" + id, factor, updated.failures(), updated.status() == ContractStatus.LOCKED);
        });
    }

    /** Like {@link #countContractFailure}, for a user. */
    public FailureCount countUserFailure(ContractId contract, UserId user, String factor) {
        return database.inTransaction(c -> {
            if (users.find(c, contract, user).isEmpty()) {
                throw new UnknownUserException("contract " + contract + " has no user " + user);
            }
            ContractUser u = users.recordFailure(c, contract, user, threshold);
            return audited(c, "user:" + contract + "/" + user, factor, u.failures(), u.status() == UserStatus.LOCKED);
        });
    }

    /** The audit entries of one counted failure (and of the lockout it may have caused), and the count to report. */
    private FailureCount audited(Connection c, String subject, String factor, int failures, boolean locked)
            throws SQLException {
        audit.append(c, clock.instant(), AuditEvent.WRONG_SECRET, subject, "secret=" + factor + " failures=" + failures);
        if (locked) {
            audit.append(c, clock.instant(), AuditEvent.LOCKOUT, subject, "after " + failures + " wrong secrets");
        }
        return new FailureCount(failures, locked, locked ? 0 : Math.max(0, threshold - failures));
    }

    private void requireKnown(ContractId id) {
        if (database.inTransaction(c -> contracts.find(c, id)).isEmpty()) {
            throw new UnknownContractException("unknown contract " + id);
        }
    }

    /**
     * Reads an account for checking {@code answers}; when it is refused before any secret is
     * checked (unknown, locked, closed, suspended), first spends one verification per answer, as
     * checking them would have, and then one durable write transaction, as counting a wrong
     * secret would have (the refusal counted in its minute, {@link UnattributedRefusals}): the
     * time taken tells a locked or unknown account from a wrong secret no more than the answer does.
     */
    private <T, S> T refusedAtEqualCost(Supplier<T> read, List<Map.Entry<S, Secret>> answers) {
        try {
            return read.get();
        } catch (UnknownContractException | UnknownUserException | AccountLockedException | ContractClosedException
                 | UserSuspendedException e) {
            for (var answer : answers) {
                verifiers.verify(answer.getValue(), unknownAccountHash);
            }
            database.inTransaction(c -> {
                unattributed.count(c, clock.instant());
                return null;
            });
            throw e;
        }
    }

    /** CLOSED and LOCKED contracts accept no secrets and no administrator operation. */
    static void requireUsable(Contract contract) {
        if (contract.status() == ContractStatus.CLOSED) {
            throw new ContractClosedException("contract " + contract.id() + " is closed");
        }
        if (contract.status() == ContractStatus.LOCKED) {
            throw new AccountLockedException("contract " + contract.id() + " is locked; the bank must unlock it");
        }
    }

    private ContractUser usableUser(Connection c, ContractId contract, UserId user) throws SQLException {
        Contract found = contracts.find(c, contract)
                .orElseThrow(() -> new UnknownContractException("unknown contract " + contract));
        if (found.status() == ContractStatus.CLOSED) {
            throw new ContractClosedException("contract " + contract + " is closed");
        }
        ContractUser u = users.find(c, contract, user)
                .orElseThrow(() -> new UnknownUserException("contract " + contract + " has no user " + user));
        if (u.status() == UserStatus.LOCKED) {
            throw new AccountLockedException("user " + contract + "/" + user + " is locked; the bank must unlock it");
        }
        if (u.status() == UserStatus.SUSPENDED) {
            throw new UserSuspendedException("user " + contract + "/" + user + " is suspended by the administrator");
        }
        return u;
    }

    private void failUser(ContractId contract, UserId user, UserSecret which) {
        FailureCount count = countUserFailure(contract, user, which.label());
        throw new WrongSecretException(which.label(), count.triesLeft());
    }

    /** Where a fresh verifier of one secret goes, if the stored one is still {@code expected}. */
    @FunctionalInterface
    private interface VerifierUpdate<S> {
        boolean store(Connection c, S which, String expected, String fresh) throws SQLException;
    }

    /** Clears the failure counter. */
    @FunctionalInterface
    private interface FailureReset {
        void reset(Connection c) throws SQLException;
    }

    /**
     * After right answers: clears the counter and stores fresh verifiers for those made with an
     * older key or hash, in one transaction. A fresh verifier that cannot be made now (token
     * unavailable while the old one was an Argon2id hash) is left for the next right answer.
     */
    private <S> void succeed(boolean hadFailures, FailureReset reset, List<Map.Entry<S, Secret>> answers,
                             Map<S, String> stored, VerifierUpdate<S> update) {
        Map<S, String> fresh = new LinkedHashMap<>();
        for (var answer : answers) {
            if (verifiers.needsRekey(stored.get(answer.getKey()))) {
                try {
                    fresh.put(answer.getKey(), verifiers.create(answer.getValue()));
                } catch (VerifierUnavailableException e) {
                    LOG.warn("verifier left on {} until the next right answer: {}",
                            SecretVerifiers.version(stored.get(answer.getKey())), e.getMessage());
                }
            }
        }
        if (!hadFailures && fresh.isEmpty()) {
            return;
        }
        database.inTransaction(c -> {
            if (hadFailures) {
                reset.reset(c);
            }
            for (var entry : fresh.entrySet()) {
                update.store(c, entry.getKey(), stored.get(entry.getKey()), entry.getValue());
            }
            return null;
        });
    }

    private void failContract(ContractId id, String label) {
        FailureCount count = recordContractFailure(id, label);
        throw new WrongSecretException(label, count.triesLeft());
    }
}
