package keybound.server.wiring;

import static keybound.server.ConfigKeys.ACQUISITION_WINDOW;
import static keybound.server.ConfigKeys.CARD_CELLS;
import static keybound.server.ConfigKeys.CERTIFICATE_VALIDITY;
import static keybound.server.ConfigKeys.CHALLENGE_SECONDS;
import static keybound.server.ConfigKeys.CONTRACT_MAX_USERS;
import static keybound.server.ConfigKeys.HASH_ITERATIONS;
import static keybound.server.ConfigKeys.HASH_MEMORY_KIB;
import static keybound.server.ConfigKeys.HASH_PARALLELISM;
import static keybound.server.ConfigKeys.LOCKOUT_LIMIT;
import static keybound.server.ConfigKeys.ORIGIN;
import static keybound.server.ConfigKeys.RENEWAL_LEAD;
import static keybound.server.ConfigKeys.SECOND_STEP_SECONDS;
import static keybound.server.ConfigKeys.SESSION_ABSOLUTE;
import static keybound.server.ConfigKeys.SESSION_IDLE;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import keybound.credentials.HashParameters;
import keybound.issuer.IssuerConfig;
import keybound.server.ConfigException;
import keybound.server.ConfigSource;
import keybound.server.ServerConfig;

/**
 * The issuer's settings from the bank's configuration: the one place both the server
 * ({@link BankAssembly}) and the station CLI build {@link IssuerConfig} from, so they never
 * disagree. Keys and defaults are in docs/server.md; the card-sealing key comes from the
 * environment only ({@link BankAssembly#CARD_SEALING_KEY}).
 */
public final class IssuerSettings {

    /** Ten years: a client certificate valid longer is a configuration mistake, not a policy. */
    static final int MAX_VALIDITY_DAYS = 3650;

    private IssuerSettings() {
    }

    /**
     * The issuer's configuration from {@code settings}, the server's {@code server} (lockout and
     * acquisition window) and the card-sealing key in {@code environment}.
     *
     * @throws ConfigException naming the key of a missing or malformed setting
     */
    public static IssuerConfig read(ConfigSource settings, ServerConfig server, Map<String, String> environment) {
        var hashing = new HashParameters(settings.integer(HASH_MEMORY_KIB, 65_536, 64, 4 * 1024 * 1024),
                settings.integer(HASH_ITERATIONS, 3, 1, 100), settings.integer(HASH_PARALLELISM, 4, 1, 16));
        IssuerConfig defaults = IssuerConfig.defaults(cardSealingKey(environment));
        // A lead at least as long as the validity is allowed: the certificate is renewable from the day it is issued.
        Duration validity = days(settings, CERTIFICATE_VALIDITY, defaults.certificateValidity());
        Duration lead = days(settings, RENEWAL_LEAD, defaults.renewalLead());
        return defaults.withSecretHashing(hashing)
                .withLockoutThreshold(server.lockoutLimit())
                .withAcquisitionWindow(server.acquisitionWindow())
                .withMaxUsersPerContract(settings.integer(CONTRACT_MAX_USERS, 99, 1, 10_000))
                .withRenewal(validity, lead);
    }

    /**
     * The settings every node on one registry must agree on, by configuration key, as recorded in
     * the registry: what a wrong PIN costs and how it is hashed, the window, the user cap, the
     * certificates' validity, logon timeouts, the origin clients sign for, and which CA this is.
     */
    public static Map<String, String> shared(IssuerConfig config, ServerConfig server, X509Certificate caCertificate) {
        Map<String, String> shared = new TreeMap<>();
        shared.put(HASH_MEMORY_KIB, Integer.toString(config.secretHashing().memoryKiB()));
        shared.put(HASH_ITERATIONS, Integer.toString(config.secretHashing().iterations()));
        shared.put(HASH_PARALLELISM, Integer.toString(config.secretHashing().parallelism()));
        shared.put(LOCKOUT_LIMIT, Integer.toString(config.lockoutThreshold()));
        shared.put(ACQUISITION_WINDOW, Long.toString(config.acquisitionWindow().toDays()));
        shared.put(CONTRACT_MAX_USERS, Integer.toString(config.maxUsersPerContract()));
        shared.put(CERTIFICATE_VALIDITY, Long.toString(config.certificateValidity().toDays()));
        shared.put(RENEWAL_LEAD, Long.toString(config.renewalLead().toDays()));
        shared.put(CHALLENGE_SECONDS, Long.toString(server.logon().challengeLifetime().toSeconds()));
        shared.put(SECOND_STEP_SECONDS, Long.toString(server.logon().secondStepLifetime().toSeconds()));
        shared.put(CARD_CELLS, Integer.toString(server.logon().cardCellsAsked()));
        shared.put(SESSION_IDLE, Long.toString(server.logon().sessions().idleTimeout().toMinutes()));
        shared.put(SESSION_ABSOLUTE, Long.toString(server.logon().sessions().absoluteTimeout().toMinutes()));
        // Unset, each node signs challenges for its own address: nodes behind one balancer must set it alike.
        shared.put(ORIGIN, server.origin().orElse("(unset)"));
        shared.put("ca.certificate-sha256", fingerprint(caCertificate));
        return shared;
    }

    private static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot fingerprint the CA certificate", e);
        }
    }

    private static Duration days(ConfigSource settings, String key, Duration fallback) {
        return Duration.ofDays(settings.integer(key, (int) fallback.toDays(), 1, MAX_VALIDITY_DAYS));
    }

    private static SecretKey cardSealingKey(Map<String, String> environment) {
        String key = BankAssembly.CARD_SEALING_KEY;
        String value = environment.get(key);
        if (value == null) {
            throw new ConfigException(key, "required in the environment: the AES key that seals customer cards, base64 of"
                    + " 32 random bytes, kept outside the database (make one: head -c 32 /dev/urandom | base64)");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, "not base64");
        }
        try {
            if (bytes.length != 32) {
                throw new ConfigException(key, "must be 32 bytes");
            }
            return new SecretKeySpec(bytes, "AES");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
