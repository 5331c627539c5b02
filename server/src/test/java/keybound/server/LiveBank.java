package keybound.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.X509KeyManager;
import keybound.credentials.HashParameters;
import keybound.credentials.SecretHasher;
import keybound.issuer.Issuer;
import keybound.issuer.IssuerConfig;
import keybound.issuer.ca.CaKeyPair;
import keybound.issuer.ca.CaSetup;
import keybound.issuer.ca.CaSigner;
import keybound.issuer.ca.CaUrls;
import keybound.issuer.ca.CertificateAuthority;
import keybound.issuer.store.Database;
import keybound.bankapi.client.BackOfficeClient;
import keybound.bankapi.client.BankClient;
import keybound.bankapi.client.BankSettings;
import keybound.server.issuer.JdbcLogonState;
import keybound.server.issuer.OperatorGuard;
import keybound.server.issuer.ServerCertificate;
import keybound.cardsim.ManufacturerCa;
import keybound.testkit.clock.MutableClock;
import keybound.testkit.softhsm.TokenSpec;
import keybound.token.KeyAlgorithm;
import keybound.token.Secret;
import keybound.token.TokenSession;
import keybound.token.card.CardAttestationVerifier;
import keybound.token.jca.TokenProvider;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * A whole bank for one test, as {@link ServerMain} would run it: the issuer on an H2 file, its CA
 * key on a SoftHSM token (one CA per test JVM), card attestation trusted from a test
 * manufacturer, the server's TLS certificate issued by the bank CA at start-up, and the back
 * office behind an operator key. Clients are {@link BankClient}s over real HTTPS on loopback.
 */
final class LiveBank implements AutoCloseable {

    static final String BANK_CODE = "1234";
    static final char[] STORE_PASSWORD = "live-bank-store".toCharArray();
    static final ManufacturerCa MANUFACTURER = ManufacturerCa.create("keybound story card maker");
    private static final String OPERATOR_KEY = "operator-key-for-tests-0123456789";
    private static CertificateAuthority ca;

    final MutableClock clock;
    final Database database;
    final Issuer issuer;
    final IssuerConfig config;
    final BankServer server;
    final URI base;

    private LiveBank(Path directory, IssuerConfig config, Database database, Instant now, String... settings) {
        TokenProvider.install();
        TlsEcdsa.useBouncyCastle(); // as ServerMain does by default (tls.ecdsa=bc)
        this.config = config;
        this.clock = new MutableClock(now);
        this.database = database;
        this.issuer = new Issuer(database, ca(), new CardAttestationVerifier(List.of(MANUFACTURER.certificate()),
                Clock.systemUTC()), config, clock);
        ServerConfig serverConfig = ConfigSource.load(properties(directory, settings), Map.of());
        ServerCertificate.ensure(serverConfig.keystore().path(), STORE_PASSWORD, ca(), ServerCertificate.namesFor("127.0.0.1"),
                Clock.systemUTC());
        String hash;
        try (Secret key = Secret.of(OPERATOR_KEY)) {
            hash = new SecretHasher(HashParameters.testing()).hash(key);
        }
        // Logon state in the registry, as ServerMain keeps it.
        this.server = BankApplication.start(serverConfig, issuer, config, new OperatorGuard(List.of(hash)),
                new JdbcLogonState(database, clock), clock);
        this.base = URI.create(server.origin() + "/");
    }

    /** A bank whose secrets are hashed cheaply (tests), lockout after 5 wrong answers. */
    static LiveBank open(Path directory) {
        return open(directory, cheapHashing());
    }

    static LiveBank open(Path directory, IssuerConfig config) {
        return new LiveBank(directory, config, Database.h2(directory.resolve("registry")), Instant.now());
    }

    /**
     * A bank over the registry {@code database}, its clock at {@code now}, with extra server
     * settings ({@code key=value}). Opened again on the same database after closing, it is the
     * same bank restarted.
     */
    static LiveBank open(Path directory, Database database, Instant now, String... settings) {
        return new LiveBank(directory, cheapHashing(), database, now, settings);
    }

    private static IssuerConfig cheapHashing() {
        return IssuerConfig.defaults(new SecretKeySpec(new byte[32], "AES")).withSecretHashing(HashParameters.testing());
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
        server.close();
        database.close();
    }

    /** The bank CA: root and issuing keys on a SoftHSM token, made once per JVM. */
    static synchronized CertificateAuthority ca() {
        if (ca == null) {
            TokenSpec spec = SharedSoftHsm.freshToken("story-bank-ca");
            TokenSession session;
            try (Secret pin = Secret.of(spec.userPin())) {
                session = SharedSoftHsm.token(spec).open(pin);
            }
            Instant start = Instant.now().minus(Duration.ofDays(1));
            var setup = new CaSetup();
            CaKeyPair root = setup.createRoot(session, KeyAlgorithm.EC_P256, "root",
                    new X500Name("C=JP,O=keybound story bank,CN=Root CA"), start, Duration.ofDays(3650), 1);
            CaKeyPair issuing = setup.createIssuing(root, session, session, KeyAlgorithm.EC_P256, "issuing",
                    new X500Name("C=JP,O=keybound story bank,CN=Issuing CA"), start, Duration.ofDays(1825));
            ca = new CertificateAuthority(new CaSigner(session, issuing.key()), List.of(issuing.certificate(), root.certificate()),
                    new CaUrls(URI.create("https://127.0.0.1/crl"), URI.create("https://127.0.0.1/ocsp")));
        }
        return ca;
    }

    private static Path properties(Path directory, String... settings) {
        try {
            Path truststore = directory.resolve("bank-ca.p12");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < ca().chain().size(); i++) {
                trust.setCertificateEntry("bank-ca-" + i, ca().chain().get(i));
            }
            try (OutputStream out = Files.newOutputStream(truststore)) {
                trust.store(out, STORE_PASSWORD);
            }
            return Files.writeString(directory.resolve("server.properties"), String.join("\n", "listen.port=0",
                    "tls.keystore.path=" + directory.resolve("server.p12"),
                    "tls.keystore.password=" + new String(STORE_PASSWORD),
                    "tls.truststore.path=" + truststore, "tls.truststore.password=" + new String(STORE_PASSWORD),
                    // Tests move the clock past expiries and expect "expired", not a row the purge already took;
                    // a test of the purge sets its own interval (a later line wins).
                    "logon.purge-seconds=86400", String.join("\n", settings)));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
