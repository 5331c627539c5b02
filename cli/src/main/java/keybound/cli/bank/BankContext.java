package keybound.cli.bank;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
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
import keybound.issuer.ca.CertificateAuthority;
import keybound.issuer.store.Database;
import keybound.server.issuer.CaSettings;
import keybound.server.issuer.IssuerBackend;
import keybound.token.CredentialQuery;
import keybound.token.KeyNotFoundException;
import keybound.token.Secret;
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
            try (Secret pin = secrets.read("ca-pin", "CA token PIN")) {
                caSession = token.open(pin);
            }
        }
        return caSession;
    }

    /** The full issuer, with the CA key on its token. */
    public Issuer issuer(Secrets secrets) {
        List<X509Certificate> chain = readChain();
        var ca = new CertificateAuthority(caSigner(secrets, chain), chain, CaSettings.urls(config.settings(), config.server()));
        return new Issuer(database(), ca, (statement, nonce) -> {
            throw new AttestationException("this station trusts no card manufacturer; set the bank's attestation policy to none");
        }, issuerConfig(), clock);
    }

    /** The CA key that signs under {@code chain} (the issuing CA's, or the root's alone), on its token. */
    public CaSigner caSigner(Secrets secrets, List<X509Certificate> chain) {
        TokenSession session = caSession(secrets);
        String label = CaSettings.keyLabel(config.settings(), chain);
        var key = session.find(CredentialQuery.label(label))
                .orElseThrow(() -> new KeyNotFoundException("No CA key labelled " + label + " on token " + config.caToken()))
                .key();
        return new CaSigner(session, key);
    }

    /** The CA chain, issuing CA first, root last, from {@code ca.certificates}. */
    public List<X509Certificate> readChain() {
        return CaSettings.chain(config.caCertificates());
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
