package keybound.logon.testing;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import keybound.logon.Account;
import keybound.logon.AccountDirectory;
import keybound.logon.BankPorts;
import keybound.logon.CertificateFingerprint;
import keybound.logon.CustomerCardChecker;
import keybound.logon.FactorCheck;
import keybound.logon.Lockout;
import keybound.logon.CertificateStanding;
import keybound.logon.SecretChecker;
import keybound.logon.SecretKind;
import keybound.logon.TotpSeeds;
import keybound.logon.otp.CardCell;
import keybound.logon.otp.CardGrid;
import keybound.logon.otp.TotpAlgorithm;
import keybound.logon.otp.TotpKey;

/**
 * The bank side of logon in memory, implementing every port the way the issuer adapter must:
 * secrets kept only as salted PBKDF2 hashes (cheap parameters: this is a test), compared in
 * constant time, every failure counted, a locked account refused before anything is hashed.
 * Counts the hashes it computes so tests can prove that last point.
 */
public final class InMemoryBank implements AccountDirectory, SecretChecker, CustomerCardChecker, TotpSeeds, Lockout {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int ITERATIONS = 1_000;

    private record SaltedHash(byte[] salt, byte[] hash) {
    }

    private record Card(CardGrid grid, String[][] digits) {
    }

    /** A registry row: the holder, and CURRENT, REVOKED or SUPERSEDED (dates are judged on reading). */
    private record Issued(Account account, X509Certificate certificate, CertificateStanding status) {
    }

    private final int lockoutLimit;
    private final Clock clock;
    private final Map<CertificateFingerprint, Issued> certificates = new HashMap<>();
    private final Set<String> contractsWithAdministratorCertificate = new HashSet<>();
    private final Map<Account, Map<SecretKind, SaltedHash>> secrets = new HashMap<>();
    private final Map<Account, Integer> failures = new HashMap<>();
    private final Map<String, Card> cards = new HashMap<>();
    private final Map<String, byte[]> totpKeys = new HashMap<>();
    private int hashesComputed;

    public InMemoryBank(int lockoutLimit, Clock clock) {
        this.lockoutLimit = lockoutLimit;
        this.clock = clock;
    }

    public BankPorts ports() {
        return new BankPorts(this, this, this, this, this);
    }

    // ---- test set-up ----

    public synchronized void register(Account account, X509Certificate certificate) {
        certificates.put(CertificateFingerprint.of(certificate), new Issued(account, certificate, CertificateStanding.CURRENT));
        if (account instanceof Account.Administrator) {
            contractsWithAdministratorCertificate.add(account.contractId());
        }
    }

    /** Revokes or supersedes a registered certificate. */
    public synchronized void setStatus(X509Certificate certificate, CertificateStanding status) {
        var print = CertificateFingerprint.of(certificate);
        Issued old = certificates.get(print);
        certificates.put(print, new Issued(old.account(), old.certificate(), status));
    }

    public synchronized void setSecret(Account account, SecretKind secret, String value) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        secrets.computeIfAbsent(account, a -> new HashMap<>()).put(secret, new SaltedHash(salt, hash(value.toCharArray(), salt)));
    }

    /** Gives the contract a card of two-digit cells; returns the digits so tests can read it. */
    public synchronized String[][] issueCard(String contractId, CardGrid grid) {
        String[][] digits = new String[grid.rows()][grid.columns()];
        for (String[] row : digits) {
            for (int c = 0; c < row.length; c++) {
                row[c] = String.format("%02d", RANDOM.nextInt(100));
            }
        }
        cards.put(contractId, new Card(grid, digits));
        return digits;
    }

    public synchronized void enrollTotp(String contractId, byte[] key) {
        totpKeys.put(contractId, key.clone());
    }

    public synchronized int failures(Account account) {
        return failures.getOrDefault(account, 0);
    }

    public synchronized int hashesComputed() {
        return hashesComputed;
    }

    // ---- ports ----

    @Override
    public synchronized CertificateStanding standing(X509Certificate presented) {
        // Keyed by the SHA-256 of the DER: a certificate with other bytes is simply unknown.
        Issued issued = certificates.get(CertificateFingerprint.of(presented));
        if (issued == null) {
            return CertificateStanding.UNKNOWN;
        }
        if (issued.status() != CertificateStanding.CURRENT) {
            return issued.status();
        }
        Instant now = clock.instant();
        if (now.isBefore(presented.getNotBefore().toInstant())) {
            return CertificateStanding.NOT_YET_VALID;
        }
        return now.isAfter(presented.getNotAfter().toInstant()) ? CertificateStanding.EXPIRED : CertificateStanding.CURRENT;
    }

    @Override
    public synchronized Optional<Account> holderOf(X509Certificate presented) {
        if (standing(presented) != CertificateStanding.CURRENT) {
            return Optional.empty();
        }
        return Optional.of(certificates.get(CertificateFingerprint.of(presented)).account());
    }

    @Override
    public synchronized boolean hasAdministratorCertificate(String contractId) {
        return contractsWithAdministratorCertificate.contains(contractId);
    }

    @Override
    public synchronized FactorCheck check(Account account, SecretKind secret, char[] value) {
        if (isLocked(account)) {
            return FactorCheck.LOCKED;
        }
        SaltedHash stored = secrets.getOrDefault(account, Map.of()).get(secret);
        // Unknown account or secret: hash anyway against a fresh salt, so the cost says nothing.
        byte[] salt = stored != null ? stored.salt() : new byte[16];
        byte[] computed = hash(value, salt);
        if (stored != null && MessageDigest.isEqual(stored.hash(), computed)) {
            return FactorCheck.ACCEPTED; // the count is the logon's to clear, once every factor was right
        }
        return countFailure(account);
    }

    @Override
    public synchronized CardGrid grid(Account.Administrator administrator) {
        Card card = cards.get(administrator.contractId());
        return card == null ? new CardGrid(5, 8) : card.grid();
    }

    @Override
    public synchronized FactorCheck check(Account.Administrator administrator, List<CardCell> cells, char[] digits) {
        if (isLocked(administrator)) {
            return FactorCheck.LOCKED;
        }
        Card card = cards.get(administrator.contractId());
        StringBuilder expected = new StringBuilder();
        for (CardCell cell : cells) {
            expected.append(card != null && card.grid().contains(cell) ? card.digits()[cell.row()][cell.column()] : "??");
        }
        byte[] typed = new String(digits).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (card != null && MessageDigest.isEqual(expected.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), typed)) {
            return FactorCheck.ACCEPTED;
        }
        return countFailure(administrator);
    }

    @Override
    public synchronized Optional<TotpKey> keyOf(Account.Administrator administrator) {
        byte[] key = totpKeys.get(administrator.contractId());
        return key == null ? Optional.empty() : Optional.of(new TotpKey(key, TotpAlgorithm.SHA1));
    }

    @Override
    public synchronized boolean isLocked(Account account) {
        return failures.getOrDefault(account, 0) >= lockoutLimit;
    }

    @Override
    public synchronized void clearFailures(Account account) {
        if (!isLocked(account)) {
            failures.remove(account);
        }
    }

    @Override
    public synchronized FactorCheck countFailure(Account account) {
        int count = failures.merge(account, 1, Integer::sum);
        return count >= lockoutLimit ? FactorCheck.LOCKED : FactorCheck.REJECTED;
    }

    private byte[] hash(char[] value, byte[] salt) {
        hashesComputed++;
        try {
            var spec = new PBEKeySpec(value, salt, ITERATIONS, 256);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
