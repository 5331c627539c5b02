package keybound.server.wiring;

import static keybound.server.ConfigKeys.CARD_ATTESTATION_FORMATS;
import static keybound.server.ConfigKeys.CA_PIN_FILE;
import static keybound.server.ConfigKeys.CARD_TRUST_ANCHORS;
import static keybound.server.ConfigKeys.CA_DEV_PKCS12;
import static keybound.server.ConfigKeys.CA_KEY_LABEL;
import static keybound.server.ConfigKeys.CA_MODULE;
import static keybound.server.ConfigKeys.CA_ROOT_KEY_LABEL;
import static keybound.server.ConfigKeys.CA_TOKEN_LABEL;
import static keybound.server.ConfigKeys.JDBC_POOL_SIZE;
import static keybound.server.ConfigKeys.JDBC_USER;
import static keybound.server.ConfigKeys.METRICS_PORT;
import static keybound.server.ConfigKeys.OPERATOR_KEY_HASHES;
import static keybound.server.ConfigKeys.TLS_AUTO;
import static keybound.server.ConfigKeys.TLS_ECDSA;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import keybound.credentials.SecretCheckAdmission;
import keybound.credentials.SecretHasher;
import keybound.credentials.SecretVerifiers;
import keybound.credentials.VerifierKey;
import keybound.issuer.BackOffice;
import keybound.issuer.CertificateRegistry;
import keybound.issuer.Issuer;
import keybound.issuer.IssuerConfig;
import keybound.issuer.SharedSettingsDisagreeException;
import keybound.issuer.ca.CaSigner;
import keybound.issuer.ca.CertificateAuthority;
import keybound.issuer.ca.dev.Pkcs12DevToken;
import keybound.issuer.contract.EnvironmentSealingKey;
import keybound.issuer.contract.SealingKey;
import keybound.issuer.contract.SealingKeys;
import keybound.issuer.store.Database;
import keybound.server.BankApplication;
import keybound.server.BankServer;
import keybound.server.ConfigException;
import keybound.server.ConfigSource;
import keybound.server.ServerConfig;
import keybound.server.TlsEcdsa;
import keybound.server.Version;
import keybound.server.issuer.OperatorGuard;
import keybound.server.metrics.BankMetrics;
import keybound.server.metrics.MetricsServer;
import keybound.server.metrics.PrometheusMetrics;
import keybound.server.revocation.RevocationListener;
import keybound.server.store.JdbcLogonState;
import keybound.token.CredentialQuery;
import keybound.token.ModuleNotFoundException;
import keybound.token.Secret;
import keybound.token.Token;
import keybound.token.TokenSelector;
import keybound.token.TokenSession;
import keybound.token.attest.AttestationException;
import keybound.token.attest.AttestationVerifier;
import keybound.token.piv.AttestationFormats;
import keybound.token.pkcs11.Pkcs11Module;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bank built from its configuration, the one way it is put together: {@code keybound server},
 * the {@code keybound bank} commands, the demo, the tests' bank and the benchmarks all open it
 * here. Parts are opened when first asked for and closed with the assembly, so a back-office
 * command that needs only the registry never asks for the CA PIN.
 * <ul>
 *   <li>the registry: H2 under {@code data.dir}, or {@code jdbc.url} (password {@code KEYBOUND_JDBC_PASSWORD});
 *   <li>the CA key on a PKCS#11 token ({@code ca.module} + {@code ca.token-label}; or a development
 *       PKCS#12, {@code ca.dev-pkcs12}), its chain from {@code ca.certificates} ({@link CaSettings});
 *   <li>card trust anchors ({@code card.trust-anchors}), the issuer's settings ({@link IssuerSettings},
 *       secret verifiers and sealing key on the CA token ({@link BankVerifiers}; the older sealing key
 *       {@code KEYBOUND_CARD_SEALING_KEY} while values it sealed remain), operator key hashes;
 *   <li>the HTTPS server ({@link #serve()}): {@code tls.ecdsa}, {@code tls.auto}, logon state in the registry;
 *       beside it the plain-HTTP revocation listener ({@link RevocationSettings}) when configured.
 * </ul>
 * Secrets come from the environment or the given {@link CaPin}, never from the file.
 */
public final class BankAssembly implements AutoCloseable {

    public static final String CA_PIN = "KEYBOUND_CA_PIN";
    public static final String CARD_SEALING_KEY = "KEYBOUND_CARD_SEALING_KEY";
    public static final String JDBC_PASSWORD = "KEYBOUND_JDBC_PASSWORD";

    /** Where the CA token's PIN comes from, asked at most once, when the CA key is first needed. */
    @FunctionalInterface
    public interface CaPin {
        Secret read();
    }

    private static final Logger LOG = LoggerFactory.getLogger(BankAssembly.class);

    private final ConfigSource settings;
    private final ServerConfig server;
    private final Map<String, String> environment;
    private final Clock clock;
    private final CaPin caPin;
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private IssuerConfig issuerConfig;
    private Database database;
    private Database logonDatabase;
    private Token caToken;
    private TokenSession caSession;
    // The CA PIN, kept only until the token's secret keys have their sessions (they log in with it too).
    private Secret verifierPin;
    private BankVerifiers.Labels tokenKeyLabels;
    private BankVerifiers tokenKeys;
    private SecretVerifiers verifiers;
    private SecretCheckAdmission admission;
    private CertificateAuthority ca;
    private Issuer issuer;
    private JdbcLogonState logonState;
    private MetricsServer metricsServer;

    private BankAssembly(ConfigSource settings, Map<String, String> environment, Clock clock, CaPin caPin) {
        this.settings = settings;
        this.server = settings.serverConfig();
        this.environment = Map.copyOf(environment);
        this.clock = clock;
        this.caPin = caPin;
    }

    /** The bank of {@code settings}, its CA PIN from {@code KEYBOUND_CA_PIN} in {@code environment}. */
    public static BankAssembly of(ConfigSource settings, Map<String, String> environment, Clock clock) {
        return of(settings, environment, clock, () -> {
            String pin = environment.get(CA_PIN);
            if (pin == null) {
                throw new ConfigException(CA_PIN, "required in the environment");
            }
            return Secret.of(pin.toCharArray());
        });
    }

    /**
     * The bank of {@code settings}, its CA PIN read when needed from the file {@code ca.pin-file}
     * names (the production way), else from {@code caPin}.
     */
    public static BankAssembly of(ConfigSource settings, Map<String, String> environment, Clock clock, CaPin caPin) {
        Optional<String> pinFile = settings.text(CA_PIN_FILE);
        CaPin source = pinFile.isPresent() ? () -> CaPinFile.read(Path.of(pinFile.get())) : caPin;
        return new BankAssembly(settings, environment, clock, source);
    }

    /** The bank of the configuration file {@code file}, each key overridable from {@code environment}. */
    public static BankAssembly of(Path file, Map<String, String> environment, Clock clock) {
        return of(ConfigSource.open(file, environment), environment, clock);
    }

    public ServerConfig serverConfig() {
        return server;
    }

    /** The issuer's rules from the configuration ({@link IssuerSettings}). */
    public synchronized IssuerConfig issuerConfig() {
        if (issuerConfig == null) {
            issuerConfig = IssuerSettings.read(settings, server, sealingKeys());
        }
        return issuerConfig;
    }

    /** The registry, migrated on first open. */
    public synchronized Database database() {
        if (database == null) {
            Path data = server.storage().dataDirectory();
            database = remember(server.storage().jdbcUrl()
                    .map(url -> Database.jdbc(url, settings.text(JDBC_USER).orElse("keybound"),
                            environment.getOrDefault(JDBC_PASSWORD, ""), poolSize()))
                    .orElseGet(() -> Database.h2(createDirectory(data), poolSize())));
        }
        return database;
    }

    /**
     * Where logon state lives. With a registry by JDBC URL (PostgreSQL: every node shares it),
     * the registry itself. Beside the embedded registry, {@code logon.mv.db} in the data directory,
     * which keeps H2's write delay ({@link Database#h2WithWriteDelay}): a new session or pending
     * logon then costs no file write, and a killed server loses at most its last half second of
     * them (their holders log on again). Consumptions and logoffs still reach the disk first.
     */
    public synchronized Database logonDatabase() {
        if (logonDatabase == null) {
            logonDatabase = server.storage().jdbcUrl().isPresent() ? database()
                    : remember(Database.h2WithWriteDelay(createDirectory(server.storage().dataDirectory()), "logon", poolSize()));
        }
        return logonDatabase;
    }

    private int poolSize() {
        return settings.integer(JDBC_POOL_SIZE, Database.DEFAULT_POOL_SIZE, 1, 1000);
    }

    /**
     * The bank's own operations on the registry: no CA key needed. The token's secret keys are
     * opened (asking for the CA PIN) only by operations that make or check a verifier or seal.
     */
    public BackOffice backOffice() {
        return new BackOffice(database(), issuerConfig(), secretVerifiers(), clock);
    }

    /** The registry's read side (certificates and their states): no CA key needed. */
    public CertificateRegistry registry() {
        return new CertificateRegistry(database(), clock);
    }

    /** Where {@code root.pem} and {@code issuing.pem} are ({@code ca.certificates}). */
    public Path caCertificates() {
        return CaSettings.certificateDirectory(settings, server.storage().dataDirectory());
    }

    /** The CA token, logged in with the CA PIN. */
    public synchronized TokenSession caSession() {
        if (caSession == null) {
            caToken = caToken();
            try (Secret pin = caPin.read()) {
                caSession = remember(caToken.open(pin));
                verifierPin = remember(pin.copy());
            }
        }
        return caSession;
    }

    /** The label {@link #createCa} gives the issuing CA's key, the one the CA signs with afterwards. */
    public String issuingKeyLabel() {
        return settings.text(CA_KEY_LABEL).orElse("issuing");
    }

    /**
     * Creates the bank's CA on its token ({@link CaCreation}) and writes its certificates to
     * {@link #caCertificates()}; refused when a CA is there already. With a plain-HTTP revocation
     * base configured ({@link RevocationSettings}), the issuing CA's certificate names the root's CRL there.
     */
    public CaCreation.Created createCa(String organisation) {
        Path directory = caCertificates();
        if (CaCreation.exists(directory)) {
            throw new IllegalStateException("a CA already exists in " + directory);
        }
        return CaCreation.create(caSession(), organisation, issuingKeyLabel(), clock.instant(), directory,
                RevocationSettings.read(settings, server).base());
    }

    /** The CA: its key on the token, the chain from {@code ca.certificates}, the URLs it writes into certificates. */
    public synchronized CertificateAuthority certificateAuthority() {
        if (ca == null) {
            TokenSession session = caSession();
            List<X509Certificate> chain = CaSettings.chain(caCertificates());
            String label = CaSettings.keyLabel(settings, chain);
            var key = session.find(CredentialQuery.label(label))
                    .orElseThrow(() -> new ConfigException(CA_KEY_LABEL, "no key labelled " + label + " on the CA token"));
            // Not remembered: closing it would close the CA session, which closes with this assembly.
            var signer = new CaSigner(session, key.key());
            ca = new CertificateAuthority(signer, chain, CaSettings.urls(settings, server), rootSigner(signer, chain));
        }
        return ca;
    }

    /**
     * The root's key beside the issuing CA's (as {@link CaCreation} makes them), to sign the root's CRL;
     * empty when the root issues directly or its key is not on this token (a root kept offline).
     */
    private Optional<CaSigner> rootSigner(CaSigner signer, List<X509Certificate> chain) {
        if (chain.size() < 2) {
            return Optional.empty();
        }
        String label = CaSettings.rootKeyLabel(settings);
        Optional<CaSigner> root = caSession().find(CredentialQuery.label(label)).map(found -> signer.sibling(found.key()))
                .filter(candidate -> candidate.publicKey().equals(chain.get(chain.size() - 1).getPublicKey()));
        if (root.isEmpty()) {
            LOG.warn("no key labelled {} matching root.pem on the CA token: no root CRL is served (set {} to its label)",
                    label, CA_ROOT_KEY_LABEL);
        }
        return root;
    }

    /** The issuer over the registry and the CA, verifying card statements against {@code card.trust-anchors}. */
    public synchronized Issuer issuer() {
        if (issuer == null) {
            CertificateAuthority authority = certificateAuthority();
            issuer = new Issuer(database(), authority, cardVerifier(), issuerConfig(), secretVerifiers(), clock);
            if (labels().onToken()) {
                tokenKeys(); // at start, so a missing older key is a configuration error now, not at a logon
            } else {
                verifierPin.close();
            }
        }
        return issuer;
    }

    /**
     * The bank's secret verifiers: HMAC keys on the CA token ({@link BankVerifiers}, opened on
     * first use), or Argon2id hashes with a development PKCS#12 CA or {@code verifier.key-label=argon2id}.
     */
    private synchronized SecretVerifiers secretVerifiers() {
        if (verifiers == null) {
            var legacy = new SecretHasher(issuerConfig().secretHashing());
            BankVerifiers.Labels labels = labels();
            if (labels.verifier().isEmpty()) {
                if (settings.text(CA_MODULE).isEmpty()) {
                    LOG.warn("secret verifiers are Argon2id hashes: the development CA key store holds no secret keys");
                }
                verifiers = SecretVerifiers.argon2Only(legacy).admittedBy(admission());
            } else {
                List<VerifierKey> older = labels.older().stream()
                        .map(label -> DeferredKeys.verifier(label, () -> tokenKeys().verifierKey(label))).toList();
                String current = labels.verifier().get();
                verifiers = new SecretVerifiers(DeferredKeys.verifier(current, () -> tokenKeys().verifierKey(current)),
                        older, legacy).admittedBy(admission());
            }
        }
        return verifiers;
    }

    /**
     * The keys sealing cards and TOTP seeds: an AES key on the CA token (opened on first use),
     * and the environment's older key when {@value #CARD_SEALING_KEY} is given, to open what it
     * sealed; the environment's key alone with a development CA or {@code sealing.key-label=env}.
     */
    private SealingKeys sealingKeys() {
        Optional<SealingKey> environmentKey = IssuerSettings.environmentSealingKey(environment).map(EnvironmentSealingKey::new);
        Optional<String> label = labels().sealing();
        if (label.isEmpty()) {
            SealingKey only = environmentKey.orElseThrow(() -> new ConfigException(CARD_SEALING_KEY, "required in the"
                    + " environment when the sealing key is not on a PKCS#11 token (ca.dev-pkcs12 or sealing.key-label=env):"
                    + " base64 of 32 random bytes (make one: head -c 32 /dev/urandom | base64)"));
            return new SealingKeys(only, environmentKey);
        }
        return new SealingKeys(DeferredKeys.sealing(label.get(), () -> tokenKeys().sealingKey()), environmentKey);
    }

    private synchronized BankVerifiers.Labels labels() {
        if (tokenKeyLabels == null) {
            tokenKeyLabels = BankVerifiers.Labels.of(settings, settings.text(CA_MODULE).isPresent());
        }
        return tokenKeyLabels;
    }

    /** The secret keys on the CA token, all opened the first time one is needed (logging in with the CA PIN). */
    private synchronized BankVerifiers tokenKeys() {
        if (tokenKeys == null) {
            caSession();
            tokenKeys = remember(BankVerifiers.open(settings, labels(), caToken, verifierPin));
            verifierPin.close();
        }
        return tokenKeys;
    }

    /** One bound on every expensive secret check of this bank ({@link AdmissionSettings}). */
    private synchronized SecretCheckAdmission admission() {
        if (admission == null) {
            admission = AdmissionSettings.read(settings);
        }
        return admission;
    }

    /**
     * The back office's operator key verifiers ({@code backoffice.operator-key-hashes}), checked with the
     * bank's secret verifiers under its one admission; none: the back office is closed. Argon2id
     * ones from before token keys still work, with one warning at start-up.
     */
    private OperatorGuard operators() {
        List<String> configured = operatorKeyVerifiers();
        OperatorGuard guard;
        try {
            guard = new OperatorGuard(configured, secretVerifiers());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(OPERATOR_KEY_HASHES, "not operator key verifiers this bank can check ("
                    + e.getMessage() + "); make them with keybound bank operator-key");
        }
        long argon2 = OperatorGuard.versions(configured).getOrDefault(SecretVerifiers.ARGON2ID, 0L);
        if (argon2 > 0 && labels().verifier().isPresent()) {
            LOG.warn("{} of {} operator key verifiers in {} are still Argon2id hashes: replace each with one made by"
                    + " keybound bank operator-key (see docs/server.md)", argon2, configured.size(), OPERATOR_KEY_HASHES);
        }
        return guard;
    }

    private List<String> operatorKeyVerifiers() {
        return settings.text(OPERATOR_KEY_HASHES).map(String::trim).filter(v -> !v.isEmpty())
                .map(v -> List.of(v.split("\\s+"))).orElse(List.of());
    }

    /** How many configured operator key verifiers are on each version, as {@link BackOffice#verifierVersions()} counts the registry's. */
    public Map<String, Long> operatorVerifierVersions() {
        return OperatorGuard.versions(operatorKeyVerifiers());
    }

    /**
     * A verifier of a new operator key for {@code backoffice.operator-key-hashes}, made as the
     * customers' verifiers are now: HMAC under the verifier key on the CA token (asking for the CA
     * PIN), or Argon2id where the bank keeps those.
     */
    public String operatorKeyVerifier(Secret key) {
        return secretVerifiers().create(key);
    }

    /** Logon's sessions, challenges and pending logons in {@link #logonDatabase()} (Flyway-migrated there). */
    public synchronized JdbcLogonState logonState() {
        if (logonState == null) {
            logonState = new JdbcLogonState(logonDatabase(), clock);
        }
        return logonState;
    }

    /**
     * Starts the bank's HTTPS server: ECDSA verification as {@code tls.ecdsa} says, the server's
     * certificate issued when {@code tls.auto=true} and missing or due, logon state in the
     * registry. The server stops when this assembly closes (or before, by its own close).
     */
    public BankServer serve() {
        var phases = new StartPhases();
        TlsEcdsa.configure(settings.text(TLS_ECDSA).orElse("bc"));
        phases.time("registry", this::database);
        phases.time("CA token login", this::caSession);
        phases.time("CA key and chain", this::certificateAuthority);
        Issuer bank = phases.time("issuer and secret keys", this::issuer);
        phases.time("shared settings", () -> {
            checkSharedSettings(bank);
            return bank;
        });
        OperatorGuard guard = operators();
        if (settings.text(TLS_AUTO).map(Boolean::parseBoolean).orElse(false)) {
            phases.time("server certificate", () -> {
                ServerCertificate.ensure(server.keystore().path(), server.keystore().password(), ca,
                        ServerCertificate.namesFor(server.listenHost()), clock);
                server.truststore().ifPresent(trust -> ServerCertificate.writeTrustStore(trust.path(), trust.password(), ca.chain()));
                return ca;
            });
        }
        var revocation = RevocationSettings.read(settings, server);
        if (revocation.listening()) {
            phases.time("revocation listener", () -> remember(RevocationListener.start(revocation.host(),
                    revocation.port().getAsInt(), bank, clock, server.shutdown().grace())));
        }
        BankMetrics metrics = metrics();
        JdbcLogonState state = phases.time("logon state", this::logonState);
        BankServer started = phases.time("HTTPS server", () -> remember(BankApplication.start(server, bank, issuerConfig(), guard,
                state, metrics, clock)));
        LOG.info("keybound {} serving on {}:{} for {}; registry {}, CA token {}, client certificates {}", Version.current(),
                server.listenHost(), started.port(), started.origin(), database().engine(), caToken.info().displayName(),
                server.clientAuth().name().toLowerCase(Locale.ROOT));
        LOG.info("started in {} ms: {}", phases.total().toMillis(), phases.summary());
        return started;
    }

    /**
     * With {@code metrics.listen.port} set, Prometheus metrics on that loopback port (closed after the
     * bank's server, so a scrape still works while it drains); unset, none are kept.
     */
    private BankMetrics metrics() {
        if (settings.text(METRICS_PORT).isEmpty()) {
            return BankMetrics.NONE;
        }
        var metrics = new PrometheusMetrics();
        metricsServer = remember(MetricsServer.start(metrics, settings.integer(METRICS_PORT, 0, 0, 65535)));
        LOG.info("metrics on http://127.0.0.1:{}/metrics", metricsServer.port());
        return metrics;
    }

    /** The port the metrics listener bound, when {@code metrics.listen.port} is set and the server started. */
    public synchronized Optional<Integer> metricsPort() {
        return Optional.ofNullable(metricsServer).map(MetricsServer::port);
    }

    /** Refuses to start a node whose settings differ from those the registry records for every node. */
    private void checkSharedSettings(Issuer bank) {
        try {
            bank.sharedSettings().check(sharedSettings());
        } catch (SharedSettingsDisagreeException e) {
            throw new ConfigException(e.differences().get(0).key(), e.getMessage() + ". Make this node's configuration"
                    + " agree, or change the bank's values to this file's with: keybound bank config adopt --config FILE", e);
        }
    }

    /** The settings every node on the registry must agree on, as this configuration gives them. */
    public Map<String, String> sharedSettings() {
        return IssuerSettings.shared(issuerConfig(), server, CaSettings.chain(caCertificates()).get(0));
    }

    /** Closes everything opened, last opened first; a failure to close one part does not keep the others open. */
    @Override
    public synchronized void close() {
        RuntimeException failure = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("cannot close the bank cleanly", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private Token caToken() {
        if (settings.text(CA_MODULE).isPresent()) {
            Pkcs11Module module;
            try {
                module = remember(Pkcs11Module.open(Path.of(settings.text(CA_MODULE).get())));
            } catch (ModuleNotFoundException e) {
                // Named by the file, not by an option: say which setting to fix.
                throw new ConfigException(CA_MODULE, e.getMessage() + "; set it to the PKCS#11 library holding the CA key", e);
            }
            String label = settings.text(CA_TOKEN_LABEL)
                    .orElseThrow(() -> new ConfigException(CA_TOKEN_LABEL, "required with ca.module"));
            return module.token(TokenSelector.label(label));
        }
        if (settings.text(CA_DEV_PKCS12).isPresent()) {
            return new Pkcs12DevToken(Path.of(settings.text(CA_DEV_PKCS12).get()), "development-ca");
        }
        throw new ConfigException(CA_MODULE, "required (or ca.dev-pkcs12 for development)");
    }

    // Without card trust anchors no statement verifies: REQUIRED banks then issue nothing, PREFERRED ones only unattested keys.
    private AttestationVerifier cardVerifier() {
        List<X509Certificate> anchors = new ArrayList<>();
        settings.text(CARD_TRUST_ANCHORS).ifPresent(list -> {
            for (String file : list.strip().split("[,\\s]+", -1)) {
                anchors.add(CaSettings.readCertificate(Path.of(file), CARD_TRUST_ANCHORS));
            }
        });
        if (anchors.isEmpty()) {
            return (statement, nonce) -> {
                throw new AttestationException("no card manufacturer is trusted (card.trust-anchors)");
            };
        }
        return new AttestationFormats(anchors, clock, attestationFormats());
    }

    /** {@code card.attestation-formats}: keybound, piv or both (the default). */
    private Set<AttestationFormats.Format> attestationFormats() {
        Set<AttestationFormats.Format> formats = EnumSet.noneOf(AttestationFormats.Format.class);
        for (String name : settings.text(CARD_ATTESTATION_FORMATS).orElse("keybound,piv").strip().split("[,\\s]+", -1)) {
            try {
                formats.add(AttestationFormats.Format.parse(name));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(CARD_ATTESTATION_FORMATS, e.getMessage());
            }
        }
        return formats;
    }

    private <T extends AutoCloseable> T remember(T part) {
        opened.push(part);
        return part;
    }

    private static Path createDirectory(Path directory) {
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + directory, e);
        }
    }
}
