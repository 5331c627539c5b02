package keybound.bench.logon;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import keybound.credentials.HashParameters;
import keybound.credentials.SecretHasher;
import keybound.credentials.SecretVerifiers;
import keybound.issuer.Issuer;
import keybound.issuer.IssuerConfig;
import keybound.issuer.ca.CaKeyPair;
import keybound.issuer.ca.CaSetup;
import keybound.issuer.ca.CaSigner;
import keybound.issuer.ca.CaUrls;
import keybound.issuer.ca.CertificateAuthority;
import keybound.issuer.ca.dev.Pkcs12DevToken;
import keybound.issuer.contract.Bank;
import keybound.issuer.contract.BankCode;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.contract.RegisteredUser;
import keybound.issuer.contract.UserId;
import keybound.issuer.enrollment.AdministratorAcquisition;
import keybound.issuer.enrollment.AdministratorCredentials;
import keybound.issuer.enrollment.TokenReport;
import keybound.issuer.enrollment.UserAcquisition;
import keybound.issuer.policy.AttestationPolicy;
import keybound.issuer.store.Database;
import keybound.issuer.verifier.TokenVerifierKey;
import keybound.server.BankApplication;
import keybound.server.BankServer;
import keybound.server.ConfigSource;
import keybound.server.ServerConfig;
import keybound.server.issuer.JdbcLogonState;
import keybound.server.issuer.OperatorGuard;
import keybound.server.issuer.ServerCertificate;
import keybound.testkit.softhsm.SoftHsmEnvironment;
import keybound.testkit.softhsm.TokenSpec;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.Secret;
import keybound.token.TokenKind;
import keybound.token.TokenSelector;
import keybound.token.TokenSession;
import keybound.token.bc.CsrFactory;
import keybound.token.pkcs11.Pkcs11Module;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The bank under load: the issuer on H2 under target/, a development CA, the HTTPS server on
 * loopback with its logon state (sessions, challenges, pending logons) in the registry (as {@code ServerMain} runs it), and {@code users}
 * users of one contract, each with its key on its own SoftHSM token
 * and its certificate stored beside it.
 */
final class BenchBank implements AutoCloseable {

    static final char[] STORE_PASSWORD = "bench-store".toCharArray();

    final Path directory = Path.of("target", "bench-logon", UUID.randomUUID().toString());
    final Database database;
    final Issuer issuer;
    final ServerConfig serverConfig;
    /** Sessions in the registry database, as {@code ServerMain} keeps them. */
    final JdbcLogonState logonState;
    final BankServer server;
    final URI base;
    final List<BenchUser> users = new ArrayList<>();
    private final Pkcs11Module module;
    private final CertificateAuthority ca;
    /** The bank token's HMAC key for secret verifiers, or null for Argon2id verifiers. */
    private final TokenVerifierKey verifierKey;

    /** A user's token session, certificate and ト. */
    record BenchUser(TokenSession session, KeyRef key, X509Certificate certificate, Secret userPin) {
    }

    BenchBank(int userCount, HashParameters hashing, boolean tokenVerifiers) throws Exception {
        Files.createDirectories(directory);
        module = Pkcs11Module.open(SoftHsmEnvironment.current().module());
        ca = developmentCa(directory);
        var hasher = new SecretHasher(hashing);
        verifierKey = tokenVerifiers ? bankVerifierKey() : null;
        SecretVerifiers verifiers = tokenVerifiers ? new SecretVerifiers(verifierKey, List.of(), hasher)
                : SecretVerifiers.argon2Only(hasher);
        database = Database.h2(directory.resolve("registry"));
        IssuerConfig config = IssuerConfig.defaults(new SecretKeySpec(new byte[32], "AES")).withSecretHashing(hashing)
                .withLockoutThreshold(1000);
        issuer = new Issuer(database, ca, (statement, nonce) -> {
            throw new IllegalStateException("no attestation in the benchmark");
        }, config, verifiers, Clock.systemUTC());
        serverConfig = ConfigSource.load(properties(), Map.of());
        ServerCertificate.ensure(serverConfig.keystore().path(), STORE_PASSWORD, ca, ServerCertificate.namesFor("127.0.0.1"),
                Clock.systemUTC());
        logonState = new JdbcLogonState(database, Clock.systemUTC());
        server = BankApplication.start(serverConfig, issuer, config, new OperatorGuard(List.of()), logonState,
                Clock.systemUTC());
        base = URI.create(server.origin() + "/");
        enrolUsers(userCount);
    }

    /** An HMAC key on a bank token of its own, with as many leases as the server has cores to spare. */
    private TokenVerifierKey bankVerifierKey() {
        TokenSpec spec = TokenSpec.fresh("bench-bank");
        try (Secret so = Secret.of(spec.soPin()); Secret pin = Secret.of(spec.userPin())) {
            module.initToken(spec.label(), so, pin);
            return TokenVerifierKey.open(module.token(TokenSelector.label(spec.label())), pin, "secret-verifier-1", true, 8);
        }
    }

    private void enrolUsers(int count) throws Exception {
        BankCode code = new BankCode("0001");
        issuer.backOffice().registerBank(new Bank(code, "Bench Shinkin", AttestationPolicy.NONE));
        OpenedContract contract = issuer.backOffice().openContract(code);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        KeyPair adminKeys = ec.generateKeyPair();
        byte[] adminCsr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=x"), adminKeys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(adminKeys.getPrivate())).getEncoded();
        TokenReport soft = new TokenReport(TokenKind.PKCS11, "software", "0");
        X509Certificate admin = issuer.acquireAdministrator(new AdministratorAcquisition(contract.contractId(),
                contract.contractPin().copy(), contract.confirmationPin().copy(), adminCsr, soft, Optional.empty())).certificate();
        for (int i = 0; i < count; i++) {
            UserId id = new UserId("B" + i);
            RegisteredUser user = issuer.users().register(new AdministratorCredentials(admin, contract.confirmationPin().copy()), id);
            issuer.users().authorise(new AdministratorCredentials(admin, contract.confirmationPin().copy()), id,
                    Instant.now().plus(Duration.ofDays(7)));
            TokenSpec spec = TokenSpec.fresh("bench-user");
            try (Secret so = Secret.of(spec.soPin()); Secret pin = Secret.of(spec.userPin())) {
                module.initToken(spec.label(), so, pin);
            }
            TokenSession session;
            try (Secret pin = Secret.of(spec.userPin())) {
                session = module.token(TokenSelector.label(spec.label())).open(pin);
            }
            KeyRef key = session.generateKeyPair(KeyAlgorithm.EC_P256, "user");
            byte[] csr = CsrFactory.createDer(session, key, new X500Name("CN=x"));
            X509Certificate certificate = issuer.acquireUser(new UserAcquisition(contract.contractId(), id, user.userPin().copy(),
                    user.userConfirmationPin().copy(), csr, TokenReport.of(session.token()), Optional.empty())).certificate();
            session.storeCertificate(key, certificate);
            users.add(new BenchUser(session, key, certificate, user.userPin().copy()));
        }
    }

    /** Signs a certificate with the bank CA (benchmark fixtures only). */
    X509Certificate sign(org.bouncycastle.cert.X509v3CertificateBuilder builder) {
        return ca.signer().sign(signer -> {
            try {
                return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(builder.build(signer));
            } catch (java.security.cert.CertificateException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    List<X509Certificate> caChain() {
        return issuer.caChain();
    }

    @Override
    public void close() {
        server.close();
        for (BenchUser user : users) {
            user.session().close();
            user.userPin().close();
        }
        if (verifierKey != null) {
            verifierKey.close();
        }
        module.close();
        database.close();
    }

    private static CertificateAuthority developmentCa(Path directory) {
        TokenSession session;
        try (Secret pin = Secret.of("bench-ca-pin")) {
            session = new Pkcs12DevToken(directory.resolve("ca.p12"), "bench-ca").open(pin);
        }
        Instant start = Instant.now().minus(Duration.ofDays(1));
        var setup = new CaSetup();
        CaKeyPair root = setup.createRoot(session, KeyAlgorithm.EC_P256, "root", new X500Name("CN=Bench Root"), start,
                Duration.ofDays(3650), 1);
        CaKeyPair issuing = setup.createIssuing(root, session, session, KeyAlgorithm.EC_P256, "issuing",
                new X500Name("CN=Bench Issuing"), start, Duration.ofDays(1825));
        return new CertificateAuthority(new CaSigner(session, issuing.key()), List.of(issuing.certificate(), root.certificate()),
                new CaUrls(URI.create("https://127.0.0.1/crl"), URI.create("https://127.0.0.1/ocsp")));
    }

    private Path properties() throws Exception {
        Path truststore = directory.resolve("bank-ca.p12");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < ca.chain().size(); i++) {
            trust.setCertificateEntry("ca-" + i, ca.chain().get(i));
        }
        try (var out = Files.newOutputStream(truststore)) {
            trust.store(out, STORE_PASSWORD);
        }
        return Files.writeString(directory.resolve("server.properties"), String.join("\n", "listen.port=0",
                "tls.keystore.path=" + directory.resolve("server.p12").toAbsolutePath(),
                "tls.keystore.password=" + new String(STORE_PASSWORD),
                "tls.truststore.path=" + truststore.toAbsolutePath(), "tls.truststore.password=" + new String(STORE_PASSWORD)));
    }
}
