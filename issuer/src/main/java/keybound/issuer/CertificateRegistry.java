package keybound.issuer;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import keybound.issuer.ca.RevocationReason;
import keybound.issuer.contract.CertificateHolder;
import keybound.issuer.contract.Contract;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.ContractStatus;
import keybound.issuer.contract.ContractUser;
import keybound.issuer.contract.Role;
import keybound.issuer.contract.UserStatus;
import keybound.issuer.store.CertificateRecord;
import keybound.issuer.store.CertificateRepository;
import keybound.issuer.store.CertificateStatus;
import keybound.issuer.store.ContractRepository;
import keybound.issuer.store.Database;
import keybound.issuer.store.UserRepository;

/**
 * The read side of the registry, as the logon service and the server need it: what the bank
 * issued, a presented certificate's standing and holder, and the expiry notices due.
 */
public final class CertificateRegistry {


    private final Database database;
    private final Clock clock;
    private final CertificateRepository certificates = new CertificateRepository();
    private final ContractRepository contracts = new ContractRepository();
    private final UserRepository users = new UserRepository();

    public CertificateRegistry(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * The registry row of exactly this certificate: same serial and the same DER bytes as the
     * certificate this CA issued; empty for anything else (another CA, a forged copy with a known
     * serial). Revoked and superseded rows are returned with their status and reason.
     */
    public Optional<CertificateRecord> registered(X509Certificate presented) {
        String serial = presented.getSerialNumber().toString(16);
        Optional<CertificateRecord> record = database.inTransaction(c -> certificates.find(c, serial));
        try {
            byte[] der = presented.getEncoded();
            return record.filter(r -> Arrays.equals(r.der(), der));
        } catch (CertificateEncodingException e) {
            return Optional.empty();
        }
    }

    /**
     * A presented certificate's state, its holder (when GOOD and the contract is not closed) and
     * whether that holder is locked (the user, or for the administrator the contract), read in one
     * transaction: a logon asks all three, and each transaction is a round trip (and on H2 a
     * check whether it wrote).
     */
    public record Lookup(CertificateState state, Optional<CertificateHolder> holder, boolean holderLocked) {

        static Lookup refused(CertificateState state) {
            return new Lookup(state, Optional.empty(), false);
        }
    }

    /** The registry's verdict on a presented certificate, with its holder; see {@link Lookup}. */
    public Lookup lookup(X509Certificate presented) {
        byte[] der;
        try {
            der = presented.getEncoded();
        } catch (CertificateEncodingException e) {
            return Lookup.refused(CertificateState.UNKNOWN);
        }
        String serial = presented.getSerialNumber().toString(16);
        return database.inTransaction(c -> {
            Optional<CertificateRecord> record = certificates.find(c, serial).filter(r -> Arrays.equals(r.der(), der));
            if (record.isEmpty()) {
                return Lookup.refused(CertificateState.UNKNOWN);
            }
            CertificateRecord r = record.get();
            if (r.status() == CertificateStatus.REVOKED) {
                return Lookup.refused(r.revocationReason().filter(RevocationReason.SUPERSEDED::equals).isPresent()
                        ? CertificateState.SUPERSEDED : CertificateState.REVOKED);
            }
            Instant now = clock.instant();
            if (now.isBefore(r.notBefore())) {
                return Lookup.refused(CertificateState.NOT_YET_VALID);
            }
            if (!now.isBefore(r.notAfter())) {
                return Lookup.refused(CertificateState.EXPIRED);
            }
            Optional<ContractUser> user = r.role() == Role.USER
                    ? users.find(c, r.contract(), r.user().orElseThrow()) : Optional.empty();
            if (user.filter(u -> u.status() == UserStatus.SUSPENDED).isPresent()) {
                return Lookup.refused(CertificateState.SUSPENDED);
            }
            Contract contract = contracts.find(c, r.contract()).orElseThrow();
            if (contract.status() == ContractStatus.CLOSED) {
                return Lookup.refused(CertificateState.GOOD);
            }
            boolean locked = r.role() == Role.USER
                    ? user.filter(u -> u.status() == UserStatus.LOCKED).isPresent()
                    : contract.status() == ContractStatus.LOCKED;
            return new Lookup(CertificateState.GOOD,
                    Optional.of(new CertificateHolder(r.role(), r.contract(), r.user(), contract.bank())), locked);
        });
    }

    /** The registry's verdict on a presented certificate; only GOOD may log on. */
    public CertificateState state(X509Certificate presented) {
        return lookup(presented).state();
    }

    /** Whom a GOOD certificate belongs to (its CN mapped to the contract's administrator or a user); empty otherwise, so also for a suspended user. */
    public Optional<CertificateHolder> holderOf(X509Certificate presented) {
        return lookup(presented).holder();
    }

    /** Whether the contract has ever been issued an administrator certificate (ends the ID/password logon). */
    public boolean administratorCertificateIssued(ContractId contract) {
        return database.inTransaction(c -> certificates.anyIssued(c, contract, Role.ADMINISTRATOR));
    }

    /** Certificates of a contract, oldest first. */
    public List<CertificateRecord> certificates(ContractId contract) {
        return database.inTransaction(c -> certificates.forContract(c, contract));
    }

    /** Active certificates whose expiry is 40, 30 or 10 days (rounded down) away at {@code now}. */
    public List<ExpiryNotice> expiryNotices(Instant now) {
        return database.inTransaction(c -> {
            List<ExpiryNotice> out = new ArrayList<>();
            for (int days : ExpiryNotice.NOTICE_DAYS) {
                Instant from = now.plus(Duration.ofDays(days));
                for (CertificateRecord r : certificates.activeExpiringBetween(c, from, from.plus(Duration.ofDays(1)))) {
                    out.add(new ExpiryNotice(r, days));
                }
            }
            return out;
        });
    }
}
