package keybound.bench.logon;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import keybound.credentials.HashParameters;
import keybound.credentials.SecretHasher;
import keybound.credentials.SecretVerifiers;
import keybound.issuer.Issuer;
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
import keybound.server.BankServer;
import keybound.server.ServerConfig;
import keybound.server.store.JdbcLogonState;
import keybound.server.wiring.BankAssembly;
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
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The bank under load, assembled as {@code keybound server} assembles it ({@link BankAssembly}): the
 * issuer on H2 under target/, a development CA, the HTTPS server on loopback with its logon state
 * (sessions, challenges, pending logons) in the registry, and {@code users}
 * users of one contract, each with its key on its own SoftHSM token
 * and its certificate stored beside it.
 */
final class BenchBank implements AutoCloseable {

    static final char[] STORE_PASSWORD = "bench-store".toCharArray();

    final Path directory = Path.of("target", "bench-logon", UUID.randomUUID().toString());
    final BankAssembly assembly;
    final Issuer issuer;
    final ServerConfig serverConfig;
    /** Sessions in the registry database, as the server keeps them. */
    final JdbcLogonState logonState;
    final BankServer server;
    final URI base;
    final List<BenchUser> users = new ArrayList<>();
    /** The users' tokens (label and PINs), in the order of {@link #users}. */
    final List<TokenSpec> userTokens = new ArrayList<>();
    /** The one contract all users belong to. */
    String contractId;
    private final Pkcs11Module module;

    /** A user's token session, certificate, ト and チ. */
    record BenchUser(String userId, TokenSession session, KeyRef key, X509Certificate certificate, Secret userPin,
                     Secret userConfirmationPin) {
    }

    BenchBank(int userCount, HashParameters hashing, boolean tokenVerifiers) throws Exception {
        Files.createDirectories(directory);
        module = Pkcs11Module.open(SoftHsmEnvironment.current().module());
        String caPin = "bench-ca-pin";
        String caToken = null;
        if (tokenVerifiers) {
            // The verifier key lives on the CA token, as in production: the CA on a SoftHSM token of its own.
            TokenSpec spec = TokenSpec.fresh("bench-bank");
            try (Secret so = Secret.of(spec.soPin()); Secret pin = Secret.of(spec.userPin())) {
                module.initToken(spec.label(), so, pin);
            }
            caPin = spec.userPin();
            caToken = spec.label();
        }
        assembly = BankAssembly.of(properties(hashing, caToken), Map.of(BankAssembly.CA_PIN, caPin,
                BankAssembly.CARD_SEALING_KEY, Base64.getEncoder().encodeToString(new byte[32])), Clock.systemUTC());
        try {
            // Without token verifiers a development CA (PKCS#12), whose verifiers are Argon2id hashes.
            assembly.createCa("Bench Shinkin");
            server = assembly.serve();
        } catch (RuntimeException e) {
            assembly.close();
            module.close();
            throw e;
        }
        issuer = assembly.issuer();
        serverConfig = assembly.serverConfig();
        logonState = assembly.logonState();
        base = URI.create(server.origin() + "/");
        enrolUsers(userCount);
    }


    private void enrolUsers(int count) throws Exception {
        BankCode code = new BankCode("0001");
        issuer.backOffice().registerBank(new Bank(code, "Bench Shinkin", AttestationPolicy.NONE));
        OpenedContract contract = issuer.backOffice().openContract(code);
        contractId = contract.contractId().value();
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
            userTokens.add(spec);
            TokenSession session;
            try (Secret pin = Secret.of(spec.userPin())) {
                session = module.token(TokenSelector.label(spec.label())).open(pin);
            }
            KeyRef key = session.generateKeyPair(KeyAlgorithm.EC_P256, "user");
            byte[] csr = CsrFactory.createDer(session, key, new X500Name("CN=x"));
            X509Certificate certificate = issuer.acquireUser(new UserAcquisition(contract.contractId(), id, user.userPin().copy(),
                    user.userConfirmationPin().copy(), csr, TokenReport.of(session.token()), Optional.empty())).certificate();
            session.storeCertificate(key, certificate);
            users.add(new BenchUser(id.value(), session, key, certificate, user.userPin().copy(),
                    user.userConfirmationPin().copy()));
        }
    }

    /** A second contract with no administrator certificate yet, so it may log on by ID and password (A + B + イ). */
    OpenedContract openPasswordContract() {
        return issuer.backOffice().openContract(new BankCode("0001"));
    }

    /** Signs a certificate with the bank CA (benchmark fixtures only). */
    X509Certificate sign(X509v3CertificateBuilder builder) {
        return assembly.certificateAuthority().signer().sign(signer -> {
            try {
                return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            } catch (CertificateException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    List<X509Certificate> caChain() {
        return issuer.caChain();
    }

    /** This bank as its clients in this JVM see it. */
    BankEndpoint endpoint() {
        return new BankEndpoint(base, caChain(), users);
    }

    @Override
    public void close() {
        for (BenchUser user : users) {
            user.session().close();
            user.userPin().close();
            user.userConfirmationPin().close();
        }
        module.close();
        assembly.close();
    }

    private Path properties(HashParameters hashing, String caToken) throws IOException {
        String password = new String(STORE_PASSWORD);
        Path data = directory.toAbsolutePath();
        return Files.writeString(directory.resolve("server.properties"), String.join("\n", "listen.port=0",
                "data.dir=" + data.resolve("registry"), caToken == null ? "ca.dev-pkcs12=" + data.resolve("ca.p12")
                        : "ca.module=" + SoftHsmEnvironment.current().module() + "\nca.token-label=" + caToken
                        + "\nverifier.parallel=8", "tls.auto=true",
                "tls.keystore.path=" + data.resolve("server.p12"), "tls.keystore.password=" + password,
                "tls.truststore.path=" + data.resolve("bank-ca.p12"), "tls.truststore.password=" + password,
                "secrets.hash.memory-kib=" + hashing.memoryKiB(), "secrets.hash.iterations=" + hashing.iterations(),
                "secrets.hash.parallelism=" + hashing.parallelism(),
                // The load logs on again and again: no account should lock on the way (the most the server allows;
                // the capacity benchmark's wrong secrets clear their count as they go). Every client comes from
                // 127.0.0.1, so the per-address limits and the admission queue (meant for many addresses) would
                // measure themselves, not the logon.
                "lockout.limit=100", "limits.connections-per-address=100000", "limits.requests-per-second=100000",
                "limits.request-burst=100000", "limits.secret-requests-per-second=100000",
                "limits.secret-request-burst=100000", "secrets.admission.queue=256", "secrets.admission.wait-millis=60000", ""));
    }
}
