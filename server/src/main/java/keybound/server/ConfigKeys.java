package keybound.server;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every key the bank's configuration file may hold, in one place: {@link ConfigSource} refuses a
 * file with any other key, and {@code keybound server --check} lists them all. A new setting is one
 * line here ({@link #key}, or {@link #secret} for one to mask), documented in docs/server.md.
 * The default shown is for people ({@code --check}); the code that reads a key applies it.
 */
public final class ConfigKeys {

    /** One known key: its default as shown to people (empty: none), and whether its value is masked. */
    public record Known(String name, Optional<String> shownDefault, boolean secret) {
    }

    // Declared before the keys: each constant below registers itself here as the class initialises.
    private static final Map<String, Known> KNOWN = new LinkedHashMap<>();

    public static final String LISTEN_HOST = key("listen.host", "127.0.0.1");
    public static final String LISTEN_PORT = key("listen.port", "8443");
    public static final String ORIGIN = key("origin", "https://<listen.host>:<listen.port>");
    public static final String DATA_DIR = key("data.dir", "data");
    public static final String JDBC_URL = key("jdbc.url", null);
    public static final String JDBC_USER = key("jdbc.user", "keybound");
    public static final String JDBC_POOL_SIZE = key("jdbc.pool-size", "8");
    public static final String CA_MODULE = key("ca.module", null);
    public static final String CA_TOKEN_LABEL = key("ca.token-label", null);
    public static final String CA_PIN_FILE = key("ca.pin-file", null);
    public static final String CA_DEV_PKCS12 = key("ca.dev-pkcs12", null);
    public static final String CA_CERTIFICATES = key("ca.certificates", "<data.dir>/ca");
    public static final String CA_KEY_LABEL = key("ca.key-label", "issuing (root without issuing.pem)");
    public static final String CA_ROOT_KEY_LABEL = key("ca.root-key-label", "root");
    public static final String CA_CRL_URL = key("ca.crl-url", "<revocation base>/crl, else <origin>/crl");
    public static final String CA_OCSP_URL = key("ca.ocsp-url", "<revocation base>/ocsp, else <origin>/ocsp");
    public static final String REVOCATION_LISTEN_HOST = key("revocation.listen.host", "<listen.host>");
    public static final String REVOCATION_LISTEN_PORT = key("revocation.listen.port", "off");
    public static final String REVOCATION_PUBLIC_URL = key("revocation.public-url",
            "http://<revocation.listen.host>:<revocation.listen.port>");
    public static final String CARD_TRUST_ANCHORS = key("card.trust-anchors", null);
    public static final String CARD_ATTESTATION_FORMATS = key("card.attestation-formats", "keybound,piv");
    public static final String VERIFIER_KEY_LABEL = key("verifier.key-label", "secret-verifier-1");
    public static final String VERIFIER_OLDER_KEY_LABELS = key("verifier.older-key-labels", null);
    public static final String VERIFIER_PARALLEL = key("verifier.parallel", "4");
    public static final String SEALING_KEY_LABEL = key("sealing.key-label", "card-sealing-1");
    public static final String HASH_MEMORY_KIB = key("secrets.hash.memory-kib", "65536");
    public static final String HASH_ITERATIONS = key("secrets.hash.iterations", "3");
    public static final String HASH_PARALLELISM = key("secrets.hash.parallelism", "4");
    public static final String CONTRACT_MAX_USERS = key("contract.max-users", "99");
    public static final String CERTIFICATE_VALIDITY = key("certificate.validity-days", "365");
    public static final String RENEWAL_LEAD = key("certificate.renewal-lead-days", "30");
    public static final String OPERATOR_KEY_HASHES = key("backoffice.operator-key-hashes", null);
    public static final String TLS_AUTO = key("tls.auto", "false");
    public static final String TLS_KEYSTORE_PATH = key("tls.keystore.path", "<data.dir>/server-tls.p12 with tls.auto");
    public static final String TLS_KEYSTORE_TYPE = key("tls.keystore.type", "PKCS12");
    public static final String TLS_KEYSTORE_PASSWORD = secret("tls.keystore.password", null);
    public static final String TLS_TRUSTSTORE_PATH = key("tls.truststore.path", "<data.dir>/bank-ca-trust.p12 with tls.auto");
    public static final String TLS_TRUSTSTORE_TYPE = key("tls.truststore.type", "PKCS12");
    public static final String TLS_TRUSTSTORE_PASSWORD = secret("tls.truststore.password", "tls.keystore.password's");
    public static final String TLS_ECDSA = key("tls.ecdsa", "bc");
    public static final String TLS_CLIENT_AUTH = key("tls.client-auth", "want");
    public static final String MAX_BODY_BYTES = key("http.max-body-bytes", "16384");
    public static final String LOCKOUT_LIMIT = key("lockout.limit", "5");
    public static final String ACQUISITION_WINDOW = key("acquisition.window-days", "80");
    public static final String CHALLENGE_SECONDS = key("logon.challenge-seconds", "60");
    public static final String SECOND_STEP_SECONDS = key("logon.second-step-seconds", "180");
    public static final String CARD_CELLS = key("logon.card-cells", "2");
    public static final String SESSION_IDLE = key("session.idle-minutes", "10");
    public static final String SESSION_ABSOLUTE = key("session.absolute-minutes", "480");
    public static final String SHUTDOWN_DRAIN = key("shutdown.drain-seconds", "0");
    public static final String SHUTDOWN_GRACE = key("shutdown.grace-seconds", "10");
    public static final String PURGE_SECONDS = key("logon.purge-seconds", "60");
    public static final String LOG_FORMAT = key("log.format", "plain");
    public static final String METRICS_PORT = key("metrics.listen.port", "off");
    public static final String LIMITS_CONNECTIONS = key("limits.connections", "4096");
    public static final String LIMITS_CONNECTIONS_PER_ADDRESS = key("limits.connections-per-address", "64");
    public static final String LIMITS_REQUESTS_PER_SECOND = key("limits.requests-per-second", "100");
    public static final String LIMITS_REQUEST_BURST = key("limits.request-burst", "200");
    public static final String LIMITS_SECRET_REQUESTS_PER_SECOND = key("limits.secret-requests-per-second", "20");
    public static final String LIMITS_SECRET_REQUEST_BURST = key("limits.secret-request-burst", "100");
    public static final String ADMISSION_CONCURRENT = key("secrets.admission.concurrent", "4");
    public static final String ADMISSION_QUEUE = key("secrets.admission.queue", "16");
    public static final String ADMISSION_WAIT_MILLIS = key("secrets.admission.wait-millis", "2000");

    /** Secrets read from the environment only, never from the file: {@code --check} says whether each is set. */
    public static final Map<String, String> ENVIRONMENT_SECRETS = Map.of(
            "KEYBOUND_CA_PIN", "the CA token's PIN, for development (production: ca.pin-file; else asked on the console or read from standard input)",
            "KEYBOUND_CARD_SEALING_KEY", "the older software key sealing customer cards (only for a development CA or until keybound bank reseal)",
            "KEYBOUND_JDBC_PASSWORD", "the PostgreSQL password");

    private ConfigKeys() {
    }

    /** Every known key, in the order declared here. */
    public static Map<String, Known> known() {
        return Collections.unmodifiableMap(KNOWN);
    }

    /** Whether {@code name} is a key the bank reads. */
    public static boolean isKnown(String name) {
        return KNOWN.containsKey(name);
    }

    /**
     * The known key closest to {@code name} by edit distance (insertions, deletions, substitutions),
     * if it is close enough to be a likely typo: at most a third of the name's length, or 2.
     */
    public static Optional<String> nearest(String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : KNOWN.keySet()) {
            int distance = editDistance(name, known);
            if (distance < bestDistance) {
                best = known;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 3) ? Optional.ofNullable(best) : Optional.empty();
    }

    // Levenshtein distance, one row at a time.
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String key(String name, String shownDefault) {
        KNOWN.put(name, new Known(name, Optional.ofNullable(shownDefault), false));
        return name;
    }

    private static String secret(String name, String shownDefault) {
        KNOWN.put(name, new Known(name, Optional.ofNullable(shownDefault), true));
        return name;
    }
}
