package keybound.server.wiring;

import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
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

    public static final String CERTIFICATE_VALIDITY = "certificate.validity-days";
    public static final String RENEWAL_LEAD = "certificate.renewal-lead-days";

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
        var hashing = new HashParameters(settings.integer("secrets.hash.memory-kib", 65_536, 64, 4 * 1024 * 1024),
                settings.integer("secrets.hash.iterations", 3, 1, 100), settings.integer("secrets.hash.parallelism", 4, 1, 16));
        IssuerConfig defaults = IssuerConfig.defaults(cardSealingKey(environment));
        // A lead at least as long as the validity is allowed: the certificate is renewable from the day it is issued.
        Duration validity = days(settings, CERTIFICATE_VALIDITY, defaults.certificateValidity());
        Duration lead = days(settings, RENEWAL_LEAD, defaults.renewalLead());
        return defaults.withSecretHashing(hashing)
                .withLockoutThreshold(server.lockoutLimit())
                .withAcquisitionWindow(server.acquisitionWindow())
                .withMaxUsersPerContract(settings.integer("contract.max-users", 99, 1, 10_000))
                .withRenewal(validity, lead);
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
