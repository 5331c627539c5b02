package keybound.bench.issuer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.crypto.spec.SecretKeySpec;
import keybound.bench.Benchmark;
import keybound.credentials.HashParameters;
import keybound.credentials.SecretHasher;
import keybound.issuer.Issuer;
import keybound.issuer.IssuerConfig;
import keybound.issuer.audit.AuditEvent;
import keybound.issuer.audit.AuditLog;
import keybound.issuer.ca.CaKeyPair;
import keybound.issuer.ca.CaSetup;
import keybound.issuer.ca.CaSigner;
import keybound.issuer.ca.CaUrls;
import keybound.issuer.ca.CertificateAuthority;
import keybound.issuer.ca.CertificateProfile;
import keybound.issuer.ca.EndEntity;
import keybound.issuer.ca.SerialNumbers;
import keybound.issuer.contract.Bank;
import keybound.issuer.contract.BankCode;
import keybound.issuer.contract.ContractSecret;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.enrollment.AdministratorAcquisition;
import keybound.issuer.enrollment.TokenReport;
import keybound.issuer.policy.AttestationPolicy;
import keybound.issuer.policy.CsrCheck;
import keybound.issuer.policy.KeyRule;
import keybound.issuer.policy.ValidityRule;
import keybound.issuer.store.CertificateRecord;
import keybound.issuer.store.CertificateRepository;
import keybound.issuer.store.ContractRepository;
import keybound.issuer.store.Database;
import keybound.testkit.ca.TestCa;
import keybound.testkit.postgres.PostgresServer;
import keybound.testkit.softhsm.SoftHsmEnvironment;
import keybound.testkit.softhsm.TokenSpec;
import keybound.token.KeyAlgorithm;
import keybound.token.Secret;
import keybound.token.TokenKind;
import keybound.token.TokenSelector;
import keybound.token.TokenSession;
import keybound.token.pkcs11.Pkcs11Module;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Issuances per second on H2 and PostgreSQL with 1 and 4 concurrent requests, and one
 * issuance's cost split into its parts, each measured alone. Run: {@code benchmarks/run issuer};
 * prints the tables. Two hash settings are measured: the production Argon2id parameters
 * (RFC 9106's second option) and the cheap test parameters, which show what the rest of an
 * issuance costs. The CA's keys are on a fresh SoftHSM token, signing through the Token API.
 */
public final class IssuerBenchmark implements Benchmark {

    private static final BankCode BANK = new BankCode("1234");
    private static final TokenReport TOKEN = new TokenReport(TokenKind.PKCS11, "SoftHSM v2", "bench");

    private static final CaUrls URLS = new CaUrls(URI.create("http://127.0.0.1:8080/crl"), URI.create("http://127.0.0.1:8080/ocsp"));
    private static final String CA_PIN = "bench-ca-pin";

    /** The two registry engines: a file H2 under target/, and a real PostgreSQL server on loopback. */
    private enum Engine {
        H2, POSTGRESQL;

        Database open() {
            if (this == H2) {
                return Database.h2(Path.of("target", "h2", UUID.randomUUID().toString()));
            }
            return Database.jdbc(PostgresServer.shared().createDatabase("issuer"), PostgresServer.SUPERUSER, "");
        }
    }

    @Override
    public void run(List<String> args) throws Exception {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException("the issuer benchmark takes no options, got " + args);
        }
        CertificateAuthority ca = softHsmCa();
        var table = new StringBuilder();
        table.append("| hash | engine | concurrency | issuances | seconds | issuances/s | mean latency ms |\n");
        table.append("|---|---|---|---|---|---|---|\n");
        var parts = new StringBuilder();
        for (String hash : List.of("production", "testing")) {
            HashParameters parameters = "production".equals(hash) ? HashParameters.production() : HashParameters.testing();
            int count = "production".equals(hash) ? 12 : 120;
            for (Engine engine : Engine.values()) {
                try (Database database = engine.open()) {
                    Issuer issuer = issuer(database, ca, parameters);
                    warmUp(issuer);
                    for (int concurrency : new int[] {1, 4}) {
                        double[] result = throughput(issuer, count, concurrency);
                        table.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.2f | %.1f | %.1f |%n", hash, engine,
                                concurrency, count, result[0], count / result[0], result[1]));
                    }
                    parts.append(costSplit(issuer, hash, engine, database, ca, parameters));
                }
            }
        }
        String caRaw = String.format(Locale.ROOT, "CA key on SoftHSM, raw ECDSA P-256 signatures: %.0f per second%n",
                1000.0 / millis(() -> ca.signer().sign(s -> { write(s, new byte[600]); return s.getSignature(); }), 200));
        String report = "## Issuance throughput\n\n" + table + "\n## One issuance, part by part (single thread, ms, median of interleaved rounds)\n\n"
                + "| hash | engine | whole issuance | secret hashes (2) | CSR check | CA signature | certificate insert + commit "
                + "| audit entry + commit | sum of parts | overhead beyond the parts | of which: certificate build (no signature) "
                + "| of which: registry reads (2 transactions) |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n"
                + parts + "\n" + caRaw;
        System.out.println(report);
    }

    /** A root and an issuing CA (EC P-256) made through the Token API on a fresh SoftHSM token. */
    private static CertificateAuthority softHsmCa() {
        Pkcs11Module module = Pkcs11Module.open(SoftHsmEnvironment.current().module());
        TokenSpec spec = TokenSpec.fresh("bench-ca");
        try (Secret so = Secret.of(spec.soPin()); Secret user = Secret.of(CA_PIN)) {
            module.initToken(spec.label(), so, user);
        }
        TokenSession session;
        try (Secret pin = Secret.of(CA_PIN)) {
            session = module.token(TokenSelector.label(spec.label())).open(pin);
        }
        Instant start = Instant.now().minus(Duration.ofDays(1));
        var setup = new CaSetup();
        CaKeyPair root = setup.createRoot(session, KeyAlgorithm.EC_P256, "root", new X500Name("CN=Bench Root CA"), start,
                Duration.ofDays(7300), 1);
        CaKeyPair issuing = setup.createIssuing(root, session, session, KeyAlgorithm.EC_P256, "issuing",
                new X500Name("CN=Bench Issuing CA"), start, Duration.ofDays(3650));
        return new CertificateAuthority(new CaSigner(session, issuing.key()), List.of(issuing.certificate(), root.certificate()),
                URLS);
    }

    private static byte[] csr(KeyPair keys) {
        try {
            return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=whatever the client asks"), keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())).getEncoded();
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Issuer issuer(Database database, CertificateAuthority ca, HashParameters parameters) {
        var config = IssuerConfig.defaults(new SecretKeySpec(new byte[32], "AES")).withSecretHashing(parameters);
        var issuer = new Issuer(database, ca, (s, n) -> { throw new IllegalStateException("no attestation here"); }, config,
                Clock.systemUTC());
        issuer.backOffice().registerBank(new Bank(BANK, "Bench Bank", AttestationPolicy.NONE));
        return issuer;
    }

    private record Prepared(OpenedContract contract, byte[] csr) {
        AdministratorAcquisition request() {
            return new AdministratorAcquisition(contract.contractId(), contract.contractPin().copy(),
                    contract.confirmationPin().copy(), csr, TOKEN, Optional.empty());
        }
    }

    /** Contracts and CSRs are made beforehand: the client's work is not the issuer's. */
    private static List<Prepared> prepare(Issuer issuer, int count) {
        List<Prepared> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            KeyPair keys = TestCa.ecKeyPair();
            out.add(new Prepared(issuer.backOffice().openContract(BANK), csr(keys)));
        }
        return out;
    }

    private static void warmUp(Issuer issuer) {
        for (Prepared p : prepare(issuer, 5)) {
            issuer.acquireAdministrator(p.request());
        }
    }

    /** Seconds for {@code count} issuances on {@code concurrency} threads, and the mean latency in ms. */
    private static double[] throughput(Issuer issuer, int count, int concurrency) throws Exception {
        List<Prepared> work = prepare(issuer, count);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long totalLatency;
        long start = System.nanoTime();
        try {
            List<Future<Long>> futures = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                futures.add(pool.submit(() -> {
                    long latency = 0;
                    for (int i = next.getAndIncrement(); i < work.size(); i = next.getAndIncrement()) {
                        long s = System.nanoTime();
                        issuer.acquireAdministrator(work.get(i).request());
                        latency += System.nanoTime() - s;
                    }
                    return latency;
                }));
            }
            totalLatency = 0;
            for (Future<Long> f : futures) {
                totalLatency += f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new double[] {seconds, totalLatency / 1e6 / count};
    }

    private static double single(Issuer issuer, int count) {
        List<Prepared> work = prepare(issuer, count);
        long start = System.nanoTime();
        for (Prepared p : work) {
            issuer.acquireAdministrator(p.request());
        }
        return (System.nanoTime() - start) / 1e6 / work.size();
    }

    /**
     * The whole issuance and each part, measured in interleaved rounds; each column is the median
     * over the rounds, so that load from other processes during one round does not skew the split.
     */
    private static String costSplit(Issuer issuer, String hash, Engine engine, Database database, CertificateAuthority ca,
                                    HashParameters parameters) {
        boolean production = "production".equals(hash);
        int rounds = production ? 5 : 9;
        var hasher = new SecretHasher(parameters);
        String stored = hasher.hash(Secret.of("12345678"));
        byte[] csr = csr(TestCa.ecKeyPair());
        var check = new CsrCheck(8192, new KeyRule());
        var audit = new AuditLog();
        var template = issuer.acquireAdministrator(prepare(issuer, 1).get(0).request()).record();
        var serials = new SerialNumbers();
        var certificates = new CertificateRepository();
        var profile = new CertificateProfile(URLS);
        var entity = new EndEntity(serials.next(), new X500Name("CN=bench"),
                SubjectPublicKeyInfo.getInstance(TestCa.ecKeyPair().getPublic().getEncoded()),
                new ValidityRule.Validity(template.notBefore(), template.notAfter()));
        var contracts = new ContractRepository();
        var wanted = List.of(ContractSecret.CONTRACT_PIN,
                ContractSecret.CONFIRMATION_PIN);
        double[][] samples = new double[8][rounds];
        for (int r = 0; r < rounds; r++) {
            samples[0][r] = single(issuer, production ? 3 : 30);
            samples[1][r] = 2 * millis(() -> hasher.verify(Secret.of("12345678"), stored), production ? 3 : 50);
            samples[2][r] = millis(() -> check.check(csr), 50);
            samples[3][r] = millis(() -> ca.signer().sign(s -> { write(s, new byte[600]); return s.getSignature(); }), 50);
            samples[4][r] = millis(() -> database.inTransaction(c -> {
                certificates.insert(c, new CertificateRecord(
                        SerialNumbers.hex(serials.next()), template.contract(), template.user(),
                        template.role(), template.subject(), template.commonName(), template.publicKeySha256(),
                        template.token(), template.attestation(), template.notBefore(), template.notAfter(),
                        template.issuedAt(), template.status(), template.revocationReason(), template.revokedAt(),
                        template.replacedBy(), template.der()));
                return null;
            }), 50);
            samples[5][r] = millis(() -> database.inTransaction(c -> audit.append(c, Instant.now(), AuditEvent.DENIED,
                    "bench", "audit entry cost")), 50);
            // not among the named parts, measured to explain the rest
            samples[6][r] = millis(() -> profile.build(entity, ca.certificate(), ca.signer().publicKey(), FIXED_SIGNATURE), 50);
            samples[7][r] = millis(() -> {
                database.inTransaction(c -> contracts.secretHashes(c, template.contract(), wanted)
                        .size() + contracts.find(c, template.contract()).hashCode());
                return database.inTransaction(c -> contracts.lock(c, template.contract()).hashCode()
                        + certificates.active(c, template.contract(), template.role(), template.user()).size());
            }, 50);
        }
        double[] m = new double[8];
        for (int k = 0; k < 8; k++) {
            double[] column = samples[k].clone();
            Arrays.sort(column);
            m[k] = column[rounds / 2];
        }
        double sum = m[1] + m[2] + m[3] + m[4] + m[5];
        return String.format(Locale.ROOT,
                "| %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f (%.0f%%) | %.2f | %.2f |%n",
                hash, engine, m[0], m[1], m[2], m[3], m[4], m[5], sum, m[0] - sum, 100 * (m[0] - sum) / m[0], m[6], m[7]);
    }

    /** A content signer that signs nothing: for timing the certificate build without the CA's signature. */
    private static final ContentSigner FIXED_SIGNATURE = new ContentSigner() {
        private final ByteArrayOutputStream sink = new ByteArrayOutputStream();

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
        }

        @Override
        public OutputStream getOutputStream() {
            sink.reset();
            return sink;
        }

        @Override
        public byte[] getSignature() {
            return new byte[] {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01};
        }
    };

    private static double millis(Supplier<?> work, int reps) {
        for (int i = 0; i < Math.min(reps, 10); i++) {
            work.get();
        }
        long start = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            work.get();
        }
        return (System.nanoTime() - start) / 1e6 / reps;
    }

    private static void write(ContentSigner signer, byte[] data) {
        try {
            signer.getOutputStream().write(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
