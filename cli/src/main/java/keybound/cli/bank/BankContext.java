package keybound.cli.bank;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import keybound.cli.CliException;
import keybound.cli.ExitCode;
import keybound.cli.Secrets;
import keybound.issuer.BackOffice;
import keybound.issuer.Issuer;
import keybound.issuer.IssuerConfig;
import keybound.issuer.ca.CaSigner;
import keybound.issuer.ca.CaUrls;
import keybound.issuer.ca.CertificateAuthority;
import keybound.issuer.store.Database;
import keybound.server.issuer.IssuerBackend;
import keybound.token.CredentialQuery;
import keybound.token.KeyNotFoundException;
import keybound.token.Pin;
import keybound.token.TokenSelector;
import keybound.token.TokenSession;
import keybound.token.attest.AttestationException;
import keybound.token.pkcs11.Pkcs11Module;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * The bank's side opened from a {@link BankConfig}: the registry database, and on demand the CA
 * key on its token. Everything opened here is closed with it.
 */
public final class BankContext implements AutoCloseable {

    private static final int SEALING_KEY_BYTES = 32;

    private final BankConfig config;
    private final Clock clock;
    private Database database;
    private Pkcs11Module module;
    private TokenSession caSession;

    public BankContext(BankConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public BankConfig config() {
        return config;
    }

    public IssuerConfig issuerConfig() {
        return config.issuerConfig();
    }

    public Database database() {
        if (database == null) {
            try {
                Files.createDirectories(config.dataDirectory());
            } catch (IOException e) {
                throw new CliException(ExitCode.CONFIG, "Cannot create the data directory " + config.dataDirectory() + ".");
            }
            database = config.server().storage().jdbcUrl()
                    .map(url -> Database.jdbc(url, config.settings().text("jdbc.user").orElse("keybound"),
                            config.environment().getOrDefault(IssuerBackend.JDBC_PASSWORD, "")))
                    .orElseGet(() -> Database.h2(config.dataDirectory()));
        }
        return database;
    }

    /** The bank's own operations; no CA key needed. */
    public BackOffice backOffice() {
        return new BackOffice(database(), issuerConfig(), clock);
    }

    /** The CA token opened with the CA PIN (KEYBOUND_CA_PIN or the console). */
    public TokenSession caSession(Secrets secrets) {
        if (caSession == null) {
            module = Pkcs11Module.open(config.caModule());
            var token = module.token(TokenSelector.label(config.caToken()));
            try (Pin pin = secrets.read("ca-pin", "CA token PIN")) {
                caSession = token.open(pin);
            }
        }
        return caSession;
    }

    /** The full issuer, with the CA key on its token. */
    public Issuer issuer(Secrets secrets) {
        List<X509Certificate> chain = readChain();
        String origin = config.server().origin().orElse("https://" + config.server().listenHost() + ":" + config.server().listenPort());
        var urls = new CaUrls(java.net.URI.create(config.settings().text("ca.crl-url").orElse(origin + "/crl")),
                java.net.URI.create(config.settings().text("ca.ocsp-url").orElse(origin + "/ocsp")));
        var ca = new CertificateAuthority(caSigner(secrets), chain, urls);
        return new Issuer(database(), ca, (statement, nonce) -> {
            throw new AttestationException("this station trusts no card manufacturer; set the bank's attestation policy to none");
        }, issuerConfig(), clock);
    }

    /** The issuing CA key, signing on its token. */
    public CaSigner caSigner(Secrets secrets) {
        TokenSession session = caSession(secrets);
        var key = session.find(CredentialQuery.label(config.caKeyLabel()))
                .orElseThrow(() -> new KeyNotFoundException("No CA key labelled " + config.caKeyLabel() + " on token "
                        + config.caToken()))
                .key();
        return new CaSigner(session, key);
    }

    /** The CA chain, issuing CA first, root last, from {@code ca.certificates}. */
    public List<X509Certificate> readChain() {
        Path directory = config.caCertificates();
        var chain = new ArrayList<X509Certificate>();
        if (Files.exists(directory.resolve("issuing.pem"))) {
            chain.add(read(directory.resolve("issuing.pem")));
        }
        chain.add(read(directory.resolve("root.pem")));
        return chain;
    }

    private static X509Certificate read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.CONFIG, "No CA yet (" + file + " is missing): run keybound bank create-ca first.");
        } catch (IOException | CertificateException e) {
            throw new CliException(ExitCode.CONFIG, "Cannot read the CA certificate " + file + ".");
        }
    }

    /** Writes root.pem and issuing.pem where the server reads them. */
    public void writeChain(X509Certificate issuing, X509Certificate root) {
        try {
            Path directory = Files.createDirectories(config.caCertificates());
            Files.writeString(directory.resolve("issuing.pem"), pem(List.of(issuing)), StandardCharsets.US_ASCII);
            Files.writeString(directory.resolve("root.pem"), pem(List.of(root)), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String pem(List<?> objects) {
        var text = new StringWriter();
        try (var writer = new JcaPEMWriter(text)) {
            for (Object o : objects) {
                writer.writeObject(o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    @Override
    public void close() {
        if (caSession != null) {
            caSession.close();
        }
        if (module != null) {
            module.close();
        }
        if (database != null) {
            database.close();
        }
    }
}
