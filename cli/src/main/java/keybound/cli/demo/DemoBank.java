package keybound.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.crypto.KeyGenerator;
import keybound.cli.bank.ServerCertificate;
import keybound.credentials.HashParameters;
import keybound.issuer.Issuer;
import keybound.issuer.IssuerConfig;
import keybound.issuer.ca.CaKeyPair;
import keybound.issuer.ca.CaSetup;
import keybound.issuer.ca.CaSigner;
import keybound.issuer.ca.CaUrls;
import keybound.issuer.ca.CertificateAuthority;
import keybound.issuer.store.Database;
import keybound.server.BankApplication;
import keybound.server.BankServer;
import keybound.server.ConfigSource;
import keybound.server.issuer.OperatorGuard;
import keybound.token.KeyAlgorithm;
import keybound.token.Secret;
import keybound.token.TokenSelector;
import keybound.token.TokenSession;
import keybound.token.attest.AttestationException;
import keybound.token.attest.AttestationVerifier;
import keybound.token.card.CardAttestationVerifier;
import keybound.token.pkcs11.Pkcs11Module;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * The bank for the demo, all in this process: its CA key on a SoftHSM token, its registry in H2
 * under the demo's directory, and its HTTPS server on loopback (a free port).
 */
public final class DemoBank implements AutoCloseable {

    private static final char[] STORE_PASSWORD = "demo-store-password".toCharArray();

    private final TokenSession caSession;
    private final Database database;
    private final Issuer issuer;
    private final BankServer server;
    private final List<X509Certificate> chain;

    public DemoBank(Pkcs11Module softhsm, Path directory, String caLabel, String caPin) {
        this(softhsm, directory, caLabel, caPin, List.of());
    }

    /**
     * A bank that verifies card attestation statements against {@code cardManufacturers} (their
     * CA certificates, as a bank's {@code card.trust-anchors}); with none, no statement verifies.
     */
    public DemoBank(Pkcs11Module softhsm, Path directory, String caLabel, String caPin, List<X509Certificate> cardManufacturers) {
        this(softhsm, directory, caLabel, caPin, cardManufacturers, UnaryOperator.identity());
    }

    /** As above, with the issuer's settings changed by {@code settings} (e.g. certificates renewable at once). */
    public DemoBank(Pkcs11Module softhsm, Path directory, String caLabel, String caPin, List<X509Certificate> cardManufacturers,
            UnaryOperator<IssuerConfig> settings) {
        try (Secret so = Secret.of("demo-ca-so-pin"); Secret user = Secret.of(caPin)) {
            softhsm.initToken(caLabel, so, user);
        }
        try (Secret pin = Secret.of(caPin)) {
            caSession = softhsm.token(TokenSelector.label(caLabel)).open(pin);
        }
        Instant now = Instant.now();
        var setup = new CaSetup();
        CaKeyPair root = setup.createRoot(caSession, KeyAlgorithm.EC_P256, "root",
                new X500Name("C=JP,O=Keybound Shinkin Bank,CN=Keybound Shinkin Bank Root CA"), now, Duration.ofDays(3650), 1);
        CaKeyPair issuing = setup.createIssuing(root, caSession, caSession, KeyAlgorithm.EC_P256, "issuing",
                new X500Name("C=JP,O=Keybound Shinkin Bank,CN=Keybound Shinkin Bank Issuing CA"), now, Duration.ofDays(1825));
        chain = List.of(issuing.certificate(), root.certificate());
        var signer = new CaSigner(caSession, issuing.key());
        var ca = new CertificateAuthority(signer, chain, new CaUrls(URI.create("https://127.0.0.1/crl"), URI.create("https://127.0.0.1/ocsp")));
        database = Database.h2(directory.resolve("registry"));
        // cheap secret hashing: the demo shows the flow, not the Argon2id cost (see docs/benchmarks.md)
        IssuerConfig config = settings.apply(IssuerConfig.defaults(aesKey()).withSecretHashing(HashParameters.testing()));
        AttestationVerifier verifier = cardManufacturers.isEmpty() ? (statement, nonce) -> {
            throw new AttestationException("the demo bank trusts no card manufacturer");
        } : new CardAttestationVerifier(cardManufacturers, Clock.systemUTC());
        issuer = new Issuer(database, ca, verifier, config, Clock.systemUTC());
        server = startServer(directory, signer, issuing.certificate(), config);
    }

    private BankServer startServer(Path directory, CaSigner signer, X509Certificate issuingCa, IssuerConfig issuerConfig) {
        var tls = ServerCertificate.issue(signer, issuingCa, "127.0.0.1", Duration.ofDays(1));
        Path keystore = directory.resolve("server.p12");
        Path truststore = directory.resolve("bank-ca.p12");
        ServerCertificate.writeStores(tls, chain, keystore, truststore, STORE_PASSWORD);
        try {
            Path file = Files.writeString(directory.resolve("server.properties"), String.join("\n",
                    "listen.host=127.0.0.1", "listen.port=0", "data.dir=" + directory,
                    "tls.keystore.path=" + keystore, "tls.keystore.password=" + new String(STORE_PASSWORD),
                    "tls.truststore.path=" + truststore, "tls.truststore.password=" + new String(STORE_PASSWORD), ""));
            var config = ConfigSource.load(file, Map.of());
            return BankApplication.start(config, issuer, issuerConfig, new OperatorGuard(List.of()), Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static javax.crypto.SecretKey aesKey() {
        try {
            var generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            return generator.generateKey();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Issuer issuer() {
        return issuer;
    }

    public List<X509Certificate> chain() {
        return chain;
    }

    public URI address() {
        return URI.create("https://127.0.0.1:" + server.port() + "/");
    }

    @Override
    public void close() {
        server.close();
        database.close();
        caSession.close();
    }
}
