package keybound.issuer;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import keybound.credentials.SecretGenerator;
import keybound.credentials.SecretHasher;
import keybound.credentials.SecretVerifiers;
import keybound.issuer.audit.AuditEvent;
import keybound.issuer.audit.AuditLog;
import keybound.issuer.contract.Bank;
import keybound.issuer.contract.BankCode;
import keybound.issuer.contract.CardSeal;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.ContractSecret;
import keybound.issuer.contract.CustomerCard;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.contract.UserId;
import keybound.issuer.ca.RevocationReason;
import keybound.issuer.enrollment.AcquisitionWindow;
import keybound.issuer.refusal.InvalidRequestException;
import keybound.issuer.store.BankRepository;
import keybound.issuer.store.CertificateRepository;
import keybound.issuer.store.ContractRepository;
import keybound.issuer.store.Database;
import keybound.issuer.store.UserRepository;
import keybound.issuer.store.VerifierCensus;
import keybound.token.Secret;

/**
 * The bank's own operations: register a bank, open a contract (generating A, the initial
 * B/イ/ロ and the customer card, returned once), unlock a contract or user, close a contract.
 */
public final class BackOffice {

    /** Lengths of the generated initial secrets. */
    static final int CONFIRMATION_PASSWORD_LENGTH = 12;
    static final int PIN_LENGTH = 8;

    private final Database database;
    private final IssuerConfig config;
    private final Clock clock;
    private final SecretVerifiers verifiers;
    private final SecretGenerator generator;
    private final SecureRandom random = new SecureRandom();
    private final CardSeal cardSeal;
    private final AcquisitionWindow window;
    private final BankRepository banks = new BankRepository();
    private final ContractRepository contracts = new ContractRepository();
    private final UserRepository users = new UserRepository();
    private final CertificateRepository certificates = new CertificateRepository();
    private final AuditLog audit = new AuditLog();

    public BackOffice(Database database, IssuerConfig config, Clock clock) {
        this(database, config, SecretVerifiers.argon2Only(new SecretHasher(config.secretHashing())), clock);
    }

    public BackOffice(Database database, IssuerConfig config, SecretVerifiers verifiers, Clock clock) {
        this.database = database;
        this.config = config;
        this.clock = clock;
        this.verifiers = verifiers;
        this.generator = new SecretGenerator(random);
        this.cardSeal = new CardSeal(config.sealing());
        this.window = new AcquisitionWindow(config.acquisitionWindow(), clock);
    }

    /** Moves sealed cards and TOTP seeds to the current sealing key, and counts them by key. */
    public Resealing resealing() {
        return new Resealing(database, config);
    }

    /**
     * How many stored secret verifiers are on each version: a verifier key label, or
     * {@code argon2id} for hashes from before token-keyed verifiers. Old versions shrink as their
     * owners answer right; a version may leave the configuration once it counts zero.
     */
    public Map<String, Long> verifierVersions() {
        return database.inTransaction(c -> new VerifierCensus().count(c, SecretVerifiers::version));
    }

    public void registerBank(Bank bank) {
        database.inTransaction(c -> {
            banks.insert(c, bank);
            audit.append(c, clock.instant(), AuditEvent.BANK_REGISTERED, "bank:" + bank.code(),
                    "name=" + bank.name() + " attestation=" + bank.attestationPolicy());
            return null;
        });
    }

    /**
     * Opens a contract for a bank's customer. The application date (start of the acquisition
     * window) is now. The result holds the only clear copies of the secrets and the card.
     */
    public OpenedContract openContract(BankCode bank) {
        return openContract(bank, clock.instant());
    }

    /** Opens a contract whose application the bank took at {@code applicationDate}. */
    public OpenedContract openContract(BankCode bank, Instant applicationDate) {
        if (database.inTransaction(c -> banks.find(c, bank)).isEmpty()) {
            throw new InvalidRequestException("unknown bank " + bank);
        }
        Secret b = generator.password(CONFIRMATION_PASSWORD_LENGTH);
        Secret i = generator.digits(PIN_LENGTH);
        Secret ro = generator.digits(PIN_LENGTH);
        CustomerCard card = newCard();
        Map<ContractSecret, String> hashes = new EnumMap<>(ContractSecret.class);
        hashes.put(ContractSecret.CONFIRMATION_PASSWORD, verifiers.create(b));
        hashes.put(ContractSecret.CONTRACT_PIN, verifiers.create(i));
        hashes.put(ContractSecret.CONFIRMATION_PIN, verifiers.create(ro));
        for (int attempt = 0; ; attempt++) {
            ContractId id = new ContractId(generator.identifier(config.contractIdLength()));
            String sealed = cardSeal.seal(id, card);
            boolean created = database.inTransaction(c -> {
                if (contracts.exists(c, id)) {
                    return false;
                }
                contracts.insert(c, id, bank, applicationDate, hashes, sealed);
                audit.append(c, clock.instant(), AuditEvent.CONTRACT_OPENED, "contract:" + id, "bank=" + bank
                        + " application=" + applicationDate);
                return true;
            });
            if (created) {
                return new OpenedContract(id, b, i, ro, card, window.closesAt(applicationDate));
            }
            if (attempt > 20) {
                throw new IllegalStateException("cannot find a free contract ID; the ID space is too full");
            }
        }
    }

    /** Clears a contract's lockout. */
    public UnlockOutcome unlockContract(ContractId id) {
        return database.inTransaction(c -> {
            if (contracts.unlock(c, id)) {
                audit.append(c, clock.instant(), AuditEvent.UNLOCKED, "contract:" + id, "by the bank");
                return UnlockOutcome.UNLOCKED;
            }
            return contracts.exists(c, id) ? UnlockOutcome.NOT_LOCKED : UnlockOutcome.UNKNOWN;
        });
    }

    /** Clears a user's lockout. */
    public UnlockOutcome unlockUser(ContractId contract, UserId user) {
        return database.inTransaction(c -> {
            if (users.unlock(c, contract, user)) {
                audit.append(c, clock.instant(), AuditEvent.UNLOCKED, "user:" + contract + "/" + user, "by the bank");
                return UnlockOutcome.UNLOCKED;
            }
            return users.find(c, contract, user).isPresent() ? UnlockOutcome.NOT_LOCKED : UnlockOutcome.UNKNOWN;
        });
    }

    /** Closes a contract for good: its secrets are refused from now on and its certificates revoked (cessationOfOperation). Returns false if already closed. */
    public boolean closeContract(ContractId id) {
        return database.inTransaction(c -> {
            boolean done = contracts.close(c, id, clock.instant());
            if (done) {
                var revoked = new ArrayList<String>();
                for (var cert : certificates.forContract(c, id)) {
                    if (certificates.revoke(c, cert.serial(), RevocationReason.CESSATION_OF_OPERATION, clock.instant(),
                            Optional.empty())) {
                        revoked.add(cert.serial());
                    }
                }
                // the audit head after the certificate rows, as every writer takes them (no deadlock)
                audit.append(c, clock.instant(), AuditEvent.CONTRACT_CLOSED, "contract:" + id, "by the bank");
                for (String serial : revoked) {
                    audit.append(c, clock.instant(), AuditEvent.REVOKED, "serial:" + serial,
                            "reason=" + RevocationReason.CESSATION_OF_OPERATION);
                }
            }
            return done;
        });
    }

    private CustomerCard newCard() {
        int size = config.cardRows() * config.cardColumns() * CustomerCard.DIGITS_PER_CELL;
        try (Secret digits = generator.digits(size)) {
            return digits.withChars(chars -> new CustomerCard(config.cardRows(), config.cardColumns(), chars));
        }
    }
}
