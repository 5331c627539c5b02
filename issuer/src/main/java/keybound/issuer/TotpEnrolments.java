package keybound.issuer;

import java.time.Clock;
import java.util.Optional;
import keybound.issuer.audit.AuditEvent;
import keybound.issuer.audit.AuditLog;
import keybound.issuer.contract.Contract;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.ContractStatus;
import keybound.issuer.contract.TotpEnrolment;
import keybound.issuer.contract.TotpSeal;
import keybound.issuer.enrollment.AdministratorCredentials;
import keybound.issuer.store.BankRepository;
import keybound.issuer.store.ContractRepository;
import keybound.issuer.store.Database;

/**
 * The administrator's TOTP (RFC 6238), the logon's alternative to the customer card: enrolment
 * and removal by the administrator (current administrator certificate and ロ), and for the logon
 * check the opened seed and the last accepted time step, kept in the registry so a code cannot be
 * replayed across server restarts or instances.
 */
public final class TotpEnrolments {

    private final Database database;
    private final AdministratorGate gate;
    private final TotpSeal seal;
    private final Resealing resealing;
    private final Clock clock;
    private final ContractRepository contracts = new ContractRepository();
    private final BankRepository banks = new BankRepository();
    private final AuditLog audit = new AuditLog();

    TotpEnrolments(Database database, AdministratorGate gate, IssuerConfig config, Clock clock) {
        this.database = database;
        this.gate = gate;
        this.seal = new TotpSeal(config.sealing());
        this.resealing = new Resealing(database, config);
        this.clock = clock;
    }

    /**
     * Generates a 160-bit seed, stores it sealed (replacing any earlier one) and returns it once.
     * The last accepted time step is kept, so no code of an earlier step is ever accepted.
     */
    public TotpEnrolment enrol(AdministratorCredentials admin) {
        ContractId contract = gate.requireAdministrator(admin);
        String subject = "contract:" + contract;
        return gate.audited(subject, () -> database.inTransaction(c -> {
            gate.lockOpenContract(c, contract);
            Contract found = contracts.find(c, contract).orElseThrow();
            String bankName = banks.find(c, found.bank()).orElseThrow().name();
            TotpSeal.Sealed created = seal.create(contract, bankName);
            contracts.setTotpSealed(c, contract, created.sealed());
            audit.append(c, clock.instant(), AuditEvent.TOTP_ENROLLED, subject, "by administrator");
            return created.enrolment();
        }));
    }

    /** Removes the administrator's TOTP seed; logon falls back to the customer card. False if none was enrolled. */
    public boolean remove(AdministratorCredentials admin) {
        ContractId contract = gate.requireAdministrator(admin);
        String subject = "contract:" + contract;
        return gate.audited(subject, () -> database.inTransaction(c -> {
            gate.lockOpenContract(c, contract);
            boolean done = contracts.setTotpSealed(c, contract, null);
            if (done) {
                audit.append(c, clock.instant(), AuditEvent.TOTP_REMOVED, subject, "by administrator");
            }
            return done;
        }));
    }

    /** Whether the contract's administrator has a TOTP seed enrolled. */
    public boolean isEnrolled(ContractId contract) {
        return database.inTransaction(c -> contracts.totpSealed(c, contract)).isPresent();
    }

    /**
     * The seed in clear, opened only for the logon's TOTP check (the caller wipes it); empty when
     * none is enrolled or the contract is closed. Lockout is the caller's to check
     * ({@link SecretChecks#isLocked(ContractId)}) and to count ({@link SecretChecks#countContractFailure}).
     */
    public Optional<byte[]> seed(ContractId contract) {
        return database.inTransaction(c -> {
            Optional<Contract> found = contracts.find(c, contract);
            if (found.isEmpty() || found.get().status() == ContractStatus.CLOSED) {
                return Optional.<String>empty();
            }
            return contracts.totpSealed(c, contract);
        }).map(sealed -> {
            byte[] seed = seal.open(sealed, contract);
            resealing.seedOpened(contract, sealed);
            return seed;
        });
    }

    /**
     * Marks {@code step} (floor(unix time / 30)) as used if it is later than the last accepted
     * step: true exactly once per step and never for an earlier one, across all instances sharing
     * the registry. False also when no seed is enrolled.
     */
    public boolean advanceStep(ContractId contract, long step) {
        return database.inTransaction(c -> contracts.advanceTotpStep(c, contract, step));
    }
}
