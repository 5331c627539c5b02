package keybound.issuer;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import javax.crypto.SecretKey;
import keybound.credentials.HashParameters;
import keybound.issuer.contract.SealingKeys;

/**
 * The issuer's settings, with the manual's defaults: contract IDs of 10 digits, lockout after 5
 * wrong secrets, an 80-day acquisition window, 99 users per contract, one-year certificates,
 * renewal opening 30 days before expiry.
 *
 * @param sealing the keys sealing customer cards and TOTP seeds in the registry (kept outside the database)
 */
public record IssuerConfig(int contractIdLength, int lockoutThreshold, Duration acquisitionWindow, int maxUsersPerContract,
                           Duration certificateValidity, Duration renewalLead, Duration maxAuthorisation, int csrMaxBytes,
                           HashParameters secretHashing, int cardRows, int cardColumns, Duration crlValidity,
                           Duration ocspValidity, SealingKeys sealing) {

    public IssuerConfig {
        Objects.requireNonNull(sealing, "sealing");
        if (contractIdLength < 6 || contractIdLength > 20 || lockoutThreshold < 1 || maxUsersPerContract < 1
                || csrMaxBytes < 256) {
            throw new IllegalArgumentException("issuer configuration out of range");
        }
    }

    /** The defaults, sealing with an AES key held in the process (tests, a development CA). */
    public static IssuerConfig defaults(SecretKey cardSealingKey) {
        return defaults(SealingKeys.environment(cardSealingKey));
    }

    public static IssuerConfig defaults(SealingKeys sealing) {
        return new IssuerConfig(10, 5, Duration.ofDays(80), 99, Duration.ofDays(365), Duration.ofDays(30),
                Duration.ofDays(30), 8 * 1024, HashParameters.production(), 5, 10, Duration.ofDays(1), Duration.ofHours(1),
                sealing);
    }

    public IssuerConfig withSecretHashing(HashParameters parameters) {
        return new IssuerConfig(contractIdLength, lockoutThreshold, acquisitionWindow, maxUsersPerContract,
                certificateValidity, renewalLead, maxAuthorisation, csrMaxBytes, parameters, cardRows, cardColumns,
                crlValidity, ocspValidity, sealing);
    }

    public IssuerConfig withMaxUsersPerContract(int max) {
        return new IssuerConfig(contractIdLength, lockoutThreshold, acquisitionWindow, max, certificateValidity,
                renewalLead, maxAuthorisation, csrMaxBytes, secretHashing, cardRows, cardColumns, crlValidity,
                ocspValidity, sealing);
    }

    public IssuerConfig withLockoutThreshold(int threshold) {
        return new IssuerConfig(contractIdLength, threshold, acquisitionWindow, maxUsersPerContract, certificateValidity,
                renewalLead, maxAuthorisation, csrMaxBytes, secretHashing, cardRows, cardColumns, crlValidity,
                ocspValidity, sealing);
    }

    public IssuerConfig withAcquisitionWindow(Duration window) {
        return new IssuerConfig(contractIdLength, lockoutThreshold, window, maxUsersPerContract, certificateValidity,
                renewalLead, maxAuthorisation, csrMaxBytes, secretHashing, cardRows, cardColumns, crlValidity,
                ocspValidity, sealing);
    }

    /** Certificates valid for {@code validity}, renewable from {@code lead} before expiry (at once if longer than the validity). */
    public IssuerConfig withRenewal(Duration validity, Duration lead) {
        return new IssuerConfig(contractIdLength, lockoutThreshold, acquisitionWindow, maxUsersPerContract, validity,
                lead, maxAuthorisation, csrMaxBytes, secretHashing, cardRows, cardColumns, crlValidity,
                ocspValidity, sealing);
    }

    /** When a certificate expiring at {@code notAfter} may be renewed (RENEWAL opens {@link #renewalLead()} before). */
    public Instant renewalOpens(Instant notAfter) {
        return renewalOpens(notAfter, renewalLead);
    }

    /** When RENEWAL opens for a certificate expiring at {@code notAfter}, {@code lead} before: the one place this is decided. */
    public static Instant renewalOpens(Instant notAfter, Duration lead) {
        return notAfter.minus(lead);
    }

    public IssuerConfig withSealingKey(SecretKey key) {
        return withSealing(SealingKeys.environment(key));
    }

    public IssuerConfig withSealing(SealingKeys keys) {
        return new IssuerConfig(contractIdLength, lockoutThreshold, acquisitionWindow, maxUsersPerContract, certificateValidity,
                renewalLead, maxAuthorisation, csrMaxBytes, secretHashing, cardRows, cardColumns, crlValidity,
                ocspValidity, keys);
    }

    @Override
    public String toString() {
        return "IssuerConfig[contractIdLength=" + contractIdLength + ", lockoutThreshold=" + lockoutThreshold
                + ", acquisitionWindow=" + acquisitionWindow + ", maxUsers=" + maxUsersPerContract + ", validity="
                + certificateValidity + ", secretHashing=" + secretHashing + ", sealing=" + sealing + "]";
    }
}
