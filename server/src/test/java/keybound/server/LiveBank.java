package keybound.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.net.ssl.X509KeyManager;
import keybound.cardsim.ManufacturerCa;
import keybound.credentials.HashParameters;
import keybound.credentials.SecretHasher;
import keybound.issuer.Issuer;
import keybound.issuer.IssuerConfig;
import keybound.issuer.store.Database;
import keybound.bankapi.client.BackOfficeClient;
import keybound.bankapi.client.BankClient;
import keybound.bankapi.client.BankSettings;
import keybound.token.Secret;
import keybound.server.store.Registry;
import keybound.server.wiring.BankAssembly;
import keybound.server.wiring.CaCreation;
import keybound.testkit.clock.MutableClock;
import keybound.testkit.softhsm.SoftHsmEnvironment;
import keybound.testkit.softhsm.SoftHsmTools;
import keybound.testkit.softhsm.TokenSpec;
import keybound.token.jca.TokenProvider;

/**
 * A whole bank for one test, assembled as {@code keybound server} assembles it ({@link BankAssembly}
 * from a configuration file): the issuer on an H2 file (or the given registry), its CA key on a
 * SoftHSM token (one CA per test JVM, made by {@link CaCreation}), card attestation trusted from a
 * test manufacturer, the server's TLS certificate issued by the bank CA at start-up
 * ({@code tls.auto}), and the back office behind an operator key. Clients are {@link BankClient}s
 * over real HTTPS on loopback.
 */
final class LiveBank implements AutoCloseable {

    static final String BANK_CODE = "1234";
    static final char[] STORE_PASSWORD = "live-bank-store".toCharArray();
    static final ManufacturerCa MANUFACTURER = ManufacturerCa.create("keybound story card maker");
    static final String OPERATOR_KEY = "operator-key-for-tests-0123456789";
    private static SharedCa sharedCa;

    final MutableClock clock;
    final BankAssembly assembly;
    final Database database;
    final Issuer issuer;
    final IssuerConfig config;
    final BankServer server;
    final URI base;

    /** The CA every bank of this JVM signs with: its token, PIN and certificate directory. */
    private record SharedCa(String tokenLabel, String pin, Path certificates, Path manufacturer) {
    }

    private LiveBank(Path directory, Instant now, List<String> settings) {
        TokenProvider.install();
        this.clock = new MutableClock(now);
        SharedCa ca = sharedCa();
        Path file = properties(directory, ca, settings);
        Map<String, String> environment = Map.of(BankAssembly.CA_PIN, ca.pin(), BankAssembly.CARD_SEALING_KEY,
                Base64.getEncoder().encodeToString(new byte[32]), BankAssembly.JDBC_PASSWORD, "");
        this.assembly = BankAssembly.of(file, environment, clock);
        try {
            this.server = assembly.serve();
        } catch (RuntimeException e) {
            assembly.close();
            throw e;
        }
        this.issuer = assembly.issuer();
        this.config = assembly.issuerConfig();
        this.database = assembly.database();
        this.base = URI.create(server.origin() + "/");
    }

    /** A bank whose secrets are hashed cheaply (tests), lockout after 5 wrong answers, and {@code settings} ({@code key=value}). */
    static LiveBank open(Path directory, String... settings) {
        return new LiveBank(directory, Instant.now(), List.of(settings));
    }

    /**
     * A bank over the registry at {@code url}, its clock at {@code now}, with extra settings
     * ({@code key=value}). Opened again on the same registry after closing, it is the same bank restarted.
     */
    static LiveBank open(Path directory, Registry registry, String url, Instant now, String... settings) {
        List<String> all = new ArrayList<>(List.of("jdbc.url=" + url, "jdbc.user=" + registry.user()));
        all.addAll(List.of(settings));
        return new LiveBank(directory, now, all);
    }

    /** Deletes the secret key labelled {@code label} from the shared CA token, from outside this process (pkcs11-tool). */
    static void deleteCaSecretKey(String label) {
        SharedCa ca = sharedCa();
        new SoftHsmTools(SoftHsmEnvironment.current()).run(List.of("pkcs11-tool", "--module",
                SoftHsmEnvironment.current().module().toString(), "--token-label", ca.tokenLabel(), "--login", "--pin", ca.pin(),
                "--delete-object", "--type", "secrkey", "--label", label));
    }

    /** A client presenting no certificate. */
    BankClient anonymous() {
        return BankClient.connect(new BankSettings(base, issuer.caChain()), Optional.empty());
    }

    /** A client presenting what {@code keys} offers (e.g. a token's key manager). */
    BankClient client(X509KeyManager keys) {
        return BankClient.connect(new BankSettings(base, issuer.caChain()), Optional.of(keys));
    }

    BackOfficeClient operator() {
        return anonymous().backOffice(Secret.of(OPERATOR_KEY));
    }

    Instant now() {
        return clock.instant();
    }

    void advance(Duration duration) {
        clock.advance(duration);
    }

    @Override
    public void close() {
        assembly.close();
    }

    /** The bank CA: root and issuing keys on a SoftHSM token, made once per JVM the way {@code keybound bank create-ca} makes it. */
    private static synchronized SharedCa sharedCa() {
        if (sharedCa == null) {
            TokenSpec spec = SharedSoftHsm.freshToken("story-bank-ca");
            Path directory = Path.of("target", "live-bank", UUID.randomUUID().toString()).toAbsolutePath();
            var ca = new SharedCa(spec.label(), spec.userPin(), directory.resolve("ca"), directory.resolve("manufacturer.pem"));
            write(ca.manufacturer(), CaCreation.pem(List.of(MANUFACTURER.certificate())));
            Path file = write(directory.resolve("ca.properties"), String.join("\n", "data.dir=" + directory,
                    "ca.certificates=" + ca.certificates(), "ca.module=" + SoftHsmEnvironment.current().module(),
                    "ca.token-label=" + ca.tokenLabel(), "tls.keystore.path=" + directory.resolve("unused.p12"), "tls.keystore.password=unused", "tls.client-auth=none", ""));
            // Valid from yesterday: tests that set their clock a little back still see a valid CA.
            Clock yesterday = Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC);
            try (var creator = BankAssembly.of(file, Map.of(BankAssembly.CA_PIN, ca.pin()), yesterday)) {
                creator.createCa("keybound story bank");
            }
            sharedCa = ca;
        }
        return sharedCa;
    }

    private static Path properties(Path directory, SharedCa ca, List<String> settings) {
        String hash;
        try (Secret key = Secret.of(OPERATOR_KEY)) {
            hash = new SecretHasher(HashParameters.testing()).hash(key);
        }
        String password = new String(STORE_PASSWORD);
        return write(directory.resolve("server.properties"), String.join("\n", "listen.port=0",
                "data.dir=" + directory.resolve("registry"), "tls.auto=true",
                "tls.keystore.path=" + directory.resolve("server.p12"), "tls.keystore.password=" + password,
                "tls.truststore.path=" + directory.resolve("bank-ca.p12"), "tls.truststore.password=" + password,
                "ca.module=" + SoftHsmEnvironment.current().module(), "ca.token-label=" + ca.tokenLabel(),
                "ca.certificates=" + ca.certificates(), "ca.crl-url=https://127.0.0.1/crl", "ca.ocsp-url=https://127.0.0.1/ocsp",
                "card.trust-anchors=" + ca.manufacturer(), "backoffice.operator-key-hashes=" + hash,
                // cheap secret hashing: tests show the rules, not the Argon2id cost
                "secrets.hash.memory-kib=" + HashParameters.testing().memoryKiB(),
                "secrets.hash.iterations=" + HashParameters.testing().iterations(),
                "secrets.hash.parallelism=" + HashParameters.testing().parallelism(),
                // Tests move the clock past expiries and expect "expired", not a row the purge already took;
                // a test of the purge sets its own interval (a later line wins).
                "logon.purge-seconds=86400", String.join("\n", settings), ""));
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
