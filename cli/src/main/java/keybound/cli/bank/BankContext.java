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
        return IssuerConfig.defaults(sealingKey()).withSecretHashing(config.hashing());
    }

    public Database database() {
        if (database == null) {
            try {
                Files.createDirectories(config.dataDirectory());
            } catch (IOException e) {
                throw new CliException(ExitCode.CONFIG, "Cannot create the data directory " + config.dataDirectory() + ".");
            }
            database = config.jdbcUrl()
                    .map(url -> Database.jdbc(url, config.jdbcUser(), System.getenv().getOrDefault("KEYBOUND_JDBC_PASSWORD", "")))
                    .orElseGet(() -> Database.h2(config.dataDirectory().resolve("registry")));
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
        var ca = new CertificateAuthority(caSigner(secrets), chain, new CaUrls(config.crlUrl(), config.ocspUrl()));
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

    public List<X509Certificate> readChain() {
        try (InputStream in = Files.newInputStream(config.caChainFile())) {
            var list = new ArrayList<X509Certificate>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                list.add((X509Certificate) c);
            }
            return list;
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.CONFIG, "No CA yet (" + config.caChainFile() + " is missing): run keybound bank create-ca first.");
        } catch (IOException | CertificateException e) {
            throw new CliException(ExitCode.CONFIG, "Cannot read the CA chain " + config.caChainFile() + ".");
        }
    }

    public void writeChain(List<X509Certificate> chain) {
        try {
            Files.createDirectories(config.dataDirectory());
            Files.writeString(config.caChainFile(), pem(chain), StandardCharsets.US_ASCII);
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

    /** Makes the AES key that seals customer cards in the registry, once, readable by the owner only. */
    public boolean createSealingKeyIfMissing() {
        Path file = config.cardSealingKeyFile();
        if (Files.exists(file)) {
            return false;
        }
        byte[] key = new byte[SEALING_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        try {
            Files.createDirectories(config.dataDirectory());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
        return true;
    }

    private SecretKey sealingKey() {
        try {
            byte[] key = Files.readAllBytes(config.cardSealingKeyFile());
            try {
                return new SecretKeySpec(key, "AES");
            } finally {
                java.util.Arrays.fill(key, (byte) 0);
            }
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.CONFIG, "No card-sealing key (" + config.cardSealingKeyFile()
                    + "): run keybound bank create-ca first.");
        } catch (IOException e) {
            throw new CliException(ExitCode.CONFIG, "Cannot read " + config.cardSealingKeyFile() + ".");
        }
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
