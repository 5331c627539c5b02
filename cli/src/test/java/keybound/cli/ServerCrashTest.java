package keybound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BackOfficeClient;
import keybound.bankapi.client.BankApiException;
import keybound.bankapi.client.BankClient;
import keybound.bankapi.client.BankSettings;
import keybound.issuer.audit.AuditVerification;
import keybound.issuer.audit.AuditVerifier;
import keybound.issuer.store.Database;
import keybound.testkit.keys.SoftwareKeys;
import keybound.testkit.postgres.PostgresServer;
import keybound.testkit.softhsm.SoftHsmEnvironment;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.token.Secret;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * {@code keybound server} as a separate process, killed with SIGKILL at random points while
 * clients acquire certificates, the back office revokes them and an attacker sends wrong secrets;
 * restarted after every kill. Whatever a client was told (a 200 with a certificate, a revocation
 * answered {@code changed:true}, a wrong secret answered 401) must be in the registry, in
 * the OCSP answer of the restarted server and in an intact audit chain. On the embedded H2 registry
 * and on PostgreSQL.
 */
@ExtendWith(SoftHsmExtension.class)
class ServerCrashTest {

    private static final int KILLS = Integer.getInteger("keybound.crash.kills", 10);
    private static final int LOCKOUT = 3;
    private static final String BANK = "0042";
    /** Reported only (no attestation): the test's keys are software keys, the server is what is under test. */
    private static final BankApi.TokenDescription TOKEN = new BankApi.TokenDescription("PKCS11", "software key", "crash-test");
    /** The loops run concurrently; their set-up goes through the PKCS#11 module in this JVM, one at a time. */
    private static final Object SETUP = new Object();

    @TempDir
    Path directory;

    // The two engines' loops overlap each other (not other test classes): much of each is waiting for a JVM to start.
    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void h2LosesNothingItConfirmed(SoftHsmEnvironment softhsm) throws Exception {
        new CrashLoop(directory, softhsm, Optional.empty()).run();
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void postgresqlLosesNothingItConfirmed(SoftHsmEnvironment softhsm) throws Exception {
        new CrashLoop(directory, softhsm, Optional.of(PostgresServer.shared().createDatabase("crash"))).run();
    }

    /** What clients were told, across all kills. */
    private static final class Told {
        final Map<String, String> issued = new ConcurrentHashMap<>();          // serial → contract
        final Map<String, Integer> issuedInRound = new ConcurrentHashMap<>();  // serial → server run it was told by
        final Set<String> seenInRegistry = ConcurrentHashMap.newKeySet();     // found by an earlier check
        final Map<String, X509Certificate> certificates = new ConcurrentHashMap<>();
        final Set<String> revoked = ConcurrentHashMap.newKeySet();
        final Map<String, Integer> wrongSecrets = new ConcurrentHashMap<>();   // contract → refusals told
        final ConcurrentLinkedQueue<String> toRevoke = new ConcurrentLinkedQueue<>();
    }

    private record Contract(String id, Secret contractPin, Secret confirmationPin) {
    }

    private static final class CrashLoop {

        private final Path directory;
        private final Path data;
        private final Optional<String> jdbcUrl;
        private final Path config;
        private final Map<String, String> environment = ServerProcess.environment();
        private final Secret operatorKey;
        private final Told told = new Told();
        private final List<Contract> holders = new ArrayList<>();
        private final List<Contract> victims = new ArrayList<>();
        private List<X509Certificate> chain;
        private final AtomicLong answers = new AtomicLong();
        private final AtomicLong starting = new AtomicLong();
        private final StartPhaseTotals startPhases = new StartPhaseTotals();
        private final AtomicLong unanswered = new AtomicLong();
        private volatile int round = -1; // the kill loop's run; -1 while contracts are opened
        private final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();

        CrashLoop(Path directory, SoftHsmEnvironment softhsm, Optional<String> jdbcUrl) throws IOException {
            synchronized (SETUP) {
                this.directory = directory;
                this.data = directory.resolve("data");
                this.jdbcUrl = jdbcUrl;
                String caLabel = ServerProcess.caToken(softhsm, "crash-ca");
                var lines = new ArrayList<>(List.of("data.dir=" + data, "ca.module=" + softhsm.module(),
                        "ca.token-label=" + caLabel, "secrets.hash.memory-kib=64", "secrets.hash.iterations=1",
                        "secrets.hash.parallelism=1", "listen.port=0", "tls.auto=true",
                        // each engine on its own loopback address: the engines run side by side, and a
                        // client's retry after a kill must never reach the other engine's server on a
                        // port the kernel handed out again
                        "listen.host=" + (jdbcUrl.isPresent() ? "127.0.0.2" : "127.0.0.1"),
                        "lockout.limit=" + LOCKOUT,
                        // one test client sends everything from one address: rates are not what is under test
                        "limits.requests-per-second=100000", "limits.request-burst=100000",
                        "limits.secret-requests-per-second=100000", "limits.secret-request-burst=100000"));
                jdbcUrl.ifPresent(url -> lines.add("jdbc.url=" + url));
                jdbcUrl.ifPresent(url -> lines.add("jdbc.user=" + PostgresServer.SUPERUSER));
                config = Files.write(directory.resolve("bank.properties"), lines);
                ServerProcess.createCa(config, environment);
                operatorKey = CliRun.addOperatorKey(environment, config);
            }
        }

        void run() throws Exception {
            long started = System.nanoTime();
            try (ServerProcess first = start()) {
                BankClient client = client(first.address());
                try (BackOfficeClient office = client.backOffice(operatorKey.copy())) {
                    office.registerBank(BANK, "Crash Shinkin", "NONE");
                    for (int i = 0; i < 4; i++) {
                        holders.add(open(office));
                    }
                    for (int i = 0; i < 60; i++) {
                        victims.add(open(office));
                    }
                }
            }
            for (int kill = 0; kill < KILLS; kill++) {
                round = kill;
                try (ServerProcess server = start()) {
                    BankClient client = client(server.address());
                    checkOcsp(client);
                    load(client, server);
                }
                checkRegistry();
            }
            try (ServerProcess last = start()) {
                checkOcsp(client(last.address()));
            }
            System.out.printf("crash test (%s): %d kills, %d answers, %d requests cut by a kill, told %d issued, %d revoked, "
                            + "%d wrong secrets, %d lockouts; %.1f s, of which %.1f s starting servers%n",
                    jdbcUrl.isPresent() ? "PostgreSQL" : "H2", KILLS, answers.get(), unanswered.get(), told.issued.size(),
                    told.revoked.size(), told.wrongSecrets.values().stream().mapToInt(i -> i).sum(), lockouts(), (System.nanoTime() - started) / 1e9, starting.get() / 1e9);
            System.out.printf("crash test (%s): server start, mean of %s%n", jdbcUrl.isPresent() ? "PostgreSQL" : "H2", startPhases);
            assertTrue(told.issued.size() > KILLS && told.revoked.size() > 0 && lockouts() > 0,
                    "the loop made issuances, revocations and lockouts");
        }

        private long lockouts() {
            return told.wrongSecrets.values().stream().filter(n -> n >= LOCKOUT).count();
        }

        private Contract open(BackOfficeClient office) {
            BankApi.OpenedContract opened = office.openContract(BANK, Optional.empty());
            return new Contract(opened.contractId(), opened.contractPin(), opened.confirmationPin());
        }

        /**
         * Acquisitions, revocations and wrong secrets in parallel; the server is killed at a random
         * moment once it has answered a few of them (a cold JVM on a loaded machine is slow to).
         */
        private void load(BankClient client, ServerProcess server) throws InterruptedException {
            var stop = new AtomicBoolean();
            long before = answers.get();
            List<Thread> workers = List.of(
                    worker(stop, () -> acquire(client)),
                    worker(stop, () -> acquire(client)),
                    worker(stop, () -> revoke(client)),
                    worker(stop, () -> guess(client)));
            long deadline = System.nanoTime() + ServerProcess.START_TIMEOUT.toNanos();
            while (answers.get() < before + 5 && System.nanoTime() < deadline && !stop.get()) {
                Thread.sleep(10);
            }
            Thread.sleep(ThreadLocalRandom.current().nextInt(1500));
            server.kill();
            stop.set(true);
            for (Thread worker : workers) {
                worker.join();
            }
            assertTrue(unexpected.isEmpty(), () -> "unexpected answers: " + unexpected + "\nserver output:\n" + server.output());
        }

        private Thread worker(AtomicBoolean stop, Runnable request) {
            var thread = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        request.run();
                    } catch (BankApiException | AssertionError e) {
                        unexpected.add(e.toString()); // an answer the loop does not expect: the test fails
                        stop.set(true);
                    } catch (RuntimeException e) {
                        // no answer (the server is gone): nothing was told, nothing to check
                        unanswered.incrementAndGet();
                        pause(20);
                    }
                }
            });
            thread.start();
            return thread;
        }

        private static void pause(int millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void acquire(BankClient client) {
            Contract holder = holders.get(ThreadLocalRandom.current().nextInt(holders.size()));
            BankApi.IssuedCertificate issued = client.acquireAdministrator(new BankApi.AdministratorAcquisition(holder.id(),
                    holder.contractPin().copy(), holder.confirmationPin().copy(), csr(), TOKEN, null));
            answers.incrementAndGet();
            told.certificates.put(issued.serial(), BankClient.certificate(issued));
            told.issuedInRound.put(issued.serial(), round);
            told.issued.put(issued.serial(), holder.id());
            told.toRevoke.add(issued.serial());
        }

        private void revoke(BankClient client) {
            String serial = told.toRevoke.poll();
            if (serial == null || ThreadLocalRandom.current().nextBoolean()) {
                pause(5);
                return;
            }
            try (BackOfficeClient office = client.backOffice(operatorKey.copy())) {
                boolean changed = office.revoke(serial, "KEY_COMPROMISE");
                answers.incrementAndGet();
                if (changed) {
                    told.revoked.add(serial);
                }
            }
        }

        /**
         * Wrong ロ for one victim after another. Acquisition answers a locked account like a wrong
         * secret (no oracle), so a victim is left after LOCKOUT + 1 refusals: by then it must be locked.
         */
        private void guess(BankClient client) {
            Contract victim = victims.stream().filter(v -> told.wrongSecrets.getOrDefault(v.id(), 0) <= LOCKOUT)
                    .findFirst().orElseThrow();
            try {
                client.acquireAdministrator(new BankApi.AdministratorAcquisition(victim.id(), victim.contractPin().copy(),
                        Secret.of("00000000"), csr(), TOKEN, null));
                throw new AssertionError("a wrong confirmation PIN was accepted");
            } catch (BankApiException refused) {
                answers.incrementAndGet();
                assertEquals("credentials-rejected", refused.code(), refused.detail());
                told.wrongSecrets.merge(victim.id(), 1, Integer::sum);
            }
            pause(10);
        }

        private void checkOcsp(BankClient client) throws Exception {
            for (var entry : told.certificates.entrySet()) {
                CertificateStatus status = ocsp(client, entry.getValue());
                if (told.revoked.contains(entry.getKey())) {
                    assertTrue(status instanceof RevokedStatus, "told revoked, OCSP says otherwise: " + entry.getKey());
                } else {
                    // good, or revoked as superseded by a later acquisition; never unknown
                    assertTrue(status == CertificateStatus.GOOD || status instanceof RevokedStatus,
                            "told issued, OCSP does not know " + entry.getKey() + ": " + status);
                }
            }
        }

        private CertificateStatus ocsp(BankClient client, X509Certificate certificate) throws Exception {
            var id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                    new JcaX509CertificateHolder(chain.get(0)), certificate.getSerialNumber());
            var response = new OCSPResp(client.ocsp(new OCSPReqBuilder().addRequest(id).build().getEncoded()));
            assertEquals(OCSPResp.SUCCESSFUL, response.getStatus());
            return ((BasicOCSPResp) response.getResponseObject()).getResponses()[0].getCertStatus();
        }

        /** With the server dead: every told write is in the registry and in an intact audit chain. */
        private void checkRegistry() throws SQLException, IOException {
            keepCopy();
            try (Database database = jdbcUrl.map(url -> Database.jdbc(url, PostgresServer.SUPERUSER, ""))
                    .orElseGet(() -> Database.h2(data))) {
                AuditVerification verification = new AuditVerifier(database).verify();
                assertTrue(verification.intact(), "audit chain: " + verification);
                database.inTransaction(c -> {
                    for (String serial : told.issued.keySet()) {
                        String status = one(c, "SELECT status FROM certificate WHERE serial = ?", serial);
                        // which it was, if it fails: never written, or written and lost by a later run's recovery
                        assertTrue(status != null, () -> "told issued, not in the registry: " + serial + " (told by the server of"
                                + " run " + told.issuedInRound.get(serial) + ", checked after run " + round + "; an earlier check "
                                + (told.seenInRegistry.contains(serial) ? "found it" : "did not") + ")");
                        told.seenInRegistry.add(serial);
                        assertEquals(1, count(c, "SELECT COUNT(*) FROM audit_entry WHERE event = 'ISSUED' AND subject = ?",
                                "serial:" + serial), "audit entry of issued " + serial);
                        if (told.revoked.contains(serial)) {
                            assertEquals("KEY_COMPROMISE", one(c, "SELECT revocation_reason FROM certificate WHERE serial = ?",
                                    serial), "told revoked " + serial);
                        }
                    }
                    for (var wrong : told.wrongSecrets.entrySet()) {
                        long counted = count(c, "SELECT COUNT(*) FROM audit_entry WHERE event = 'WRONG_SECRET' AND subject = ?",
                                "contract:" + wrong.getKey());
                        assertTrue(counted >= Math.min(wrong.getValue(), LOCKOUT), "told " + wrong.getValue() + " wrong secrets for "
                                + wrong.getKey() + ", the audit has " + counted + "; the contract's row: " + one(c,
                                "SELECT status || ' with ' || failures || ' failures' FROM contract WHERE contract_id = ?", wrong.getKey()));
                        String failures = one(c, "SELECT failures FROM contract WHERE contract_id = ?", wrong.getKey());
                        assertTrue(Integer.parseInt(failures) >= Math.min(wrong.getValue(), LOCKOUT), "failures of " + wrong.getKey());
                    }
                    for (var wrong : told.wrongSecrets.entrySet()) {
                        if (wrong.getValue() >= LOCKOUT) {
                            assertEquals("LOCKED", one(c, "SELECT status FROM contract WHERE contract_id = ?", wrong.getKey()),
                                    "told " + wrong.getValue() + " refusals, the lockout is " + LOCKOUT);
                        }
                    }
                    return null;
                });
            }
        }

        /** Diagnostics: with -Dkeybound.crash.keep=DIR, the H2 file each killed server left, before the check opens it. */
        private void keepCopy() throws IOException {
            String keep = System.getProperty("keybound.crash.keep");
            if (keep == null || jdbcUrl.isPresent()) {
                return;
            }
            Path target = Files.createDirectories(Path.of(keep)).resolve("after-run-" + round + ".mv.db");
            Files.copy(data.resolve("issuer.mv.db"), target);
        }

        private static String one(Connection c, String sql, String parameter) throws SQLException {
            try (PreparedStatement statement = c.prepareStatement(sql)) {
                statement.setString(1, parameter);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? rows.getString(1) : null;
                }
            }
        }

        private static long count(Connection c, String sql, String parameter) throws SQLException {
            return Long.parseLong(one(c, sql, parameter));
        }

        private BankClient client(URI address) throws IOException {
            if (chain == null) {
                chain = ServerProcess.caChain(data);
            }
            return BankClient.connect(new BankSettings(address, chain), Optional.empty());
        }

        private ServerProcess start() throws IOException, InterruptedException {
            long begun = System.nanoTime();
            ServerProcess server = ServerProcess.start(directory, config, environment);
            starting.addAndGet(System.nanoTime() - begun);
            startPhases.add(server.output(), server.cpu());
            return server;
        }
    }

    private static String csr() {
        return Base64.getEncoder().encodeToString(SoftwareKeys.csr(SoftwareKeys.ec(), "CN=crash"));
    }
}
