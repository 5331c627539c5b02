package keybound.server.issuer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import keybound.issuer.Issuer;
import keybound.issuer.IssuerConfig;
import keybound.issuer.ca.CaSigner;
import keybound.issuer.ca.CertificateAuthority;
import keybound.issuer.ca.dev.Pkcs12DevToken;
import keybound.issuer.store.Database;
import keybound.server.ConfigException;
import keybound.server.ConfigSource;
import keybound.server.ServerConfig;
import keybound.token.CredentialQuery;
import keybound.token.Secret;
import keybound.token.Token;
import keybound.token.TokenSelector;
import keybound.token.TokenSession;
import keybound.token.attest.AttestationException;
import keybound.token.attest.AttestationVerifier;
import keybound.token.card.CardAttestationVerifier;
import keybound.token.pkcs11.Pkcs11Module;

/**
 * A real bank from the server's configuration: the issuer's registry (H2 under {@code data.dir},
 * or {@code jdbc.url}), the CA key on a PKCS#11 token ({@code ca.module} + {@code ca.token-label};
 * or a development PKCS#12, {@code ca.dev-pkcs12}), the CA certificates written by
 * {@code CreateCa} ({@code ca.certificates}), card trust anchors, and the issuer's settings ({@link IssuerSettings}). The
 * CA PIN, the card-sealing key and the database password come from the environment only
 * ({@code KEYBOUND_CA_PIN}, {@code KEYBOUND_CARD_SEALING_KEY}, {@code KEYBOUND_JDBC_PASSWORD}),
 * never from the file or the command line. With {@code tls.auto=true} it also issues the
 * server's TLS certificate from the bank CA when missing and writes the bank CA trust store.
 */
public final class IssuerBackend implements AutoCloseable {

    public static final String CA_PIN = "KEYBOUND_CA_PIN";
    public static final String CARD_SEALING_KEY = "KEYBOUND_CARD_SEALING_KEY";
    public static final String JDBC_PASSWORD = "KEYBOUND_JDBC_PASSWORD";

    private final Database database;
    private final CertificateAuthority ca;
    private final Pkcs11Module module;
    private final Issuer issuer;
    private final IssuerConfig config;
    private final OperatorGuard operators;
    private final JdbcLogonState logonState;
    private final BankVerifiers verifiers;

    private IssuerBackend(Database database, CertificateAuthority ca, Pkcs11Module module, Issuer issuer, IssuerConfig config,
            OperatorGuard operators, BankVerifiers verifiers, Clock clock) {
        this.database = database;
        this.verifiers = verifiers;
        this.ca = ca;
        this.module = module;
        this.issuer = issuer;
        this.config = config;
        this.operators = operators;
        this.logonState = new JdbcLogonState(database, clock);
    }

    /** Opens the bank; on any failure, releases what was opened and throws ({@link ConfigException} for settings). */
    public static IssuerBackend open(ConfigSource settings, ServerConfig server, Map<String, String> environment, Clock clock) {
        IssuerConfig config = IssuerSettings.read(settings, server, environment);
        Pkcs11Module module = null;
        CertificateAuthority ca = null;
        Database database = null;
        BankVerifiers verifiers = null;
        try {
            Path data = server.storage().dataDirectory();
            Token token;
            if (settings.text("ca.module").isPresent()) {
                module = Pkcs11Module.open(Path.of(settings.text("ca.module").get()));
                String label = settings.text("ca.token-label")
                        .orElseThrow(() -> new ConfigException("ca.token-label", "required with ca.module"));
                token = module.token(TokenSelector.label(label));
            } else if (settings.text("ca.dev-pkcs12").isPresent()) {
                token = new Pkcs12DevToken(Path.of(settings.text("ca.dev-pkcs12").get()), "development-ca");
            } else {
                throw new ConfigException("ca.module", "required (or ca.dev-pkcs12 for development)");
            }
            ca = certificateAuthority(settings, server, token, data, environment);
            database = server.storage().jdbcUrl()
                    .map(url -> Database.jdbc(url, settings.text("jdbc.user").orElse("keybound"),
                            environment.getOrDefault(JDBC_PASSWORD, "")))
                    .orElseGet(() -> Database.h2(data));
            List<X509Certificate> anchors = cardAnchors(settings);
            // Without card trust anchors no statement verifies: REQUIRED banks then issue nothing, PREFERRED ones only unattested keys.
            AttestationVerifier verifier = anchors.isEmpty()
                    ? (statement, nonce) -> {
                        throw new AttestationException("no card manufacturer is trusted (card.trust-anchors)");
                    }
                    : new CardAttestationVerifier(anchors, clock);
            verifiers = BankVerifiers.open(settings, config, token, !(token instanceof Pkcs12DevToken),
                    environment.get(CA_PIN).toCharArray());
            var issuer = new Issuer(database, ca, verifier, config, verifiers.verifiers(), clock);
            if (settings.text("tls.auto").map(Boolean::parseBoolean).orElse(false)) {
                ServerCertificate.ensure(server.keystore().path(), server.keystore().password(), ca,
                        ServerCertificate.namesFor(server.listenHost()), clock);
                List<X509Certificate> chain = ca.chain();
                server.truststore().ifPresent(trust -> writeTrustStore(trust.path(), trust.password(), chain));
            }
            OperatorGuard operators;
            try {
                operators = new OperatorGuard(settings.text("backoffice.operator-key-hashes")
                        .map(v -> List.of(v.trim().split("\\s+"))).orElse(List.of()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("backoffice.operator-key-hashes", "not Argon2id hashes (make them with OperatorKeys)");
            }
            return new IssuerBackend(database, ca, module, issuer, config, operators, verifiers, clock);
        } catch (RuntimeException e) {
            if (verifiers != null) {
                verifiers.close();
            }
            if (database != null) {
                database.close();
            }
            if (ca != null) {
                ca.close();
            }
            if (module != null) {
                module.close();
            }
            throw e;
        }
    }

    public Issuer issuer() {
        return issuer;
    }

    public IssuerConfig config() {
        return config;
    }

    public OperatorGuard operators() {
        return operators;
    }

    /** Logon's sessions, challenges and pending logons in the registry's database (Flyway-migrated beside the issuer's tables). */
    public JdbcLogonState logonState() {
        return logonState;
    }

    @Override
    public void close() {
        verifiers.close();
        database.close();
        ca.close();
        if (module != null) {
            module.close();
        }
    }

    private static CertificateAuthority certificateAuthority(ConfigSource settings, ServerConfig server, Token token, Path data,
            Map<String, String> environment) {
        List<X509Certificate> chain = CaSettings.chain(CaSettings.certificateDirectory(settings, data));
        String keyLabel = CaSettings.keyLabel(settings, chain);
        String pin = environment.get(CA_PIN);
        if (pin == null) {
            throw new ConfigException(CA_PIN, "required in the environment");
        }
        TokenSession session;
        try (Secret p = Secret.of(pin)) { // the environment holds it as a String already
            session = token.open(p);
        }
        var key = session.find(CredentialQuery.label(keyLabel))
                .orElseThrow(() -> new ConfigException("ca.key-label", "no key with this label on the CA token"));
        var urls = CaSettings.urls(settings, server);
        return new CertificateAuthority(new CaSigner(session, key.key()), chain, urls);
    }

    private static List<X509Certificate> cardAnchors(ConfigSource settings) {
        List<X509Certificate> anchors = new ArrayList<>();
        settings.text("card.trust-anchors").ifPresent(list -> {
            for (String file : list.split("[,\\s]+")) {
                anchors.add(CaSettings.readCertificate(Path.of(file), "card.trust-anchors"));
            }
        });
        return anchors;
    }

    private static void writeTrustStore(Path file, char[] password, List<X509Certificate> chain) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < chain.size(); i++) {
                trust.setCertificateEntry("bank-ca-" + i, chain.get(i));
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                trust.store(out, password);
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write the bank CA trust store", e);
        }
    }
}
