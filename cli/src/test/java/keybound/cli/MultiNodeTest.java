package keybound.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import keybound.bankapi.BankApi;
import keybound.bankapi.ChallengeFormat;
import keybound.bankapi.client.BackOfficeClient;
import keybound.bankapi.client.BankApiException;
import keybound.bankapi.client.BankClient;
import keybound.testkit.keys.SoftwareKeys;
import keybound.testkit.postgres.PostgresServer;
import keybound.testkit.softhsm.SoftHsmEnvironment;
import keybound.cli.BankNodes.Administrator;
import keybound.testkit.softhsm.SoftHsmExtension;
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

/**
 * Two {@code keybound server} processes on one configuration and one CA token, behind Debian's
 * haproxy (TCP mode, TLS passing through, health-checked on {@code /health/ready}), on a
 * PostgreSQL primary with a synchronous streaming standby, all on loopback. A logon split across
 * the nodes, one-time values raced at both, a revocation seen by both at once, a node killed under
 * load, a node stopped and started again under load with no failed logon but for an answer lost as a node stops, the primary killed and
 * the standby promoted under load with both nodes carrying on, and a node with a drifted
 * configuration refused.
 */
@ExtendWith(SoftHsmExtension.class)
class MultiNodeTest {

    private static final String STANDBY = "standby1";
    private static final int LOCKOUT = 3;
    private static final int DRAIN_SECONDS = 3;
    private static final Duration RECOVERY = Duration.ofMinutes(2);
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path directory;

    /** What clients were told, to be found in the database afterwards. */
    private final Map<String, String> issued = new ConcurrentHashMap<>(); // serial → contract
    private final AtomicLong holderAttempts = new AtomicLong();

    private BankNodes bank;
    private final List<Administrator> administrators = new ArrayList<>();
    private final List<BankApi.OpenedContract> holders = new ArrayList<>();

    @Test
    void twoNodesBehindHaproxyOnReplicatedPostgresql(SoftHsmEnvironment softhsm) throws Exception {
        Path target = Path.of("target");
        PostgresServer primary = PostgresServer.startPrimary(target, STANDBY);
        PostgresServer standby = null;
        try {
            standby = primary.startStandby(target, STANDBY);
            primary.sql("postgres", "CREATE DATABASE bank");
            String url = "jdbc:postgresql://127.0.0.1:" + primary.port() + ",127.0.0.1:" + standby.port()
                    + "/bank?targetServerType=primary";
            bank = new BankNodes(directory, softhsm, url, 2, List.of("lockout.limit=" + LOCKOUT,
                    "shutdown.drain-seconds=" + DRAIN_SECONDS, "jdbc.pool-size=4"));
            bank.start(0);
            bank.start(1);
            openContracts();

            aLogonSplitAcrossNodes();
            oneTimeValuesAreConsumedOnceAcrossNodes();
            aRevocationIsInBothNodesCrlAndOcspAtOnce();
            aNodeWithADriftedConfigurationIsRefused();
            killedNodeUnderLoadLosesNoConfirmedIssuance(url);
            rollingRestartFailsNoLogon();
            primaryKilledAndStandbyPromotedLosesNoConfirmedIssuance(primary, standby);
        } finally {
            if (bank != null) {
                bank.close();
            }
            if (standby != null) {
                standby.stop();
            }
            primary.stop();
        }
    }

    // ---- the assertions ---------------------------------------------------------------------------

    /** Challenge from node 1, answer to node 2, second step to node 1; the session is known to both. */
    private void aLogonSplitAcrossNodes() {
        Administrator admin = administrators.get(0);
        BankApi.Challenge challenge = direct(0).challenge();
        BankApi.ChallengeAnswer answer = signedAnswer(admin, challenge);
        BankApi.SecondStep step = direct(1).answerChallenge(answer);
        BankApi.Session session = direct(0).completeWithCard(step.attempt(), admin.contract().contractPin().copy(),
                BankNodes.cardDigits(admin.contract().card(), step.cardCells()));
        assertEquals("SIGNED_CHALLENGE", session.method());
        assertEquals("administrator", direct(1).session(session.session()).account().kind());
        assertEquals("challenge-invalid", refusal(() -> direct(0).answerChallenge(answer)),
                "the challenge answered at node 2 is used at node 1 too");
    }

    /** The same challenge answer, then the same second step, sent to both nodes at once: one succeeds each time. */
    private void oneTimeValuesAreConsumedOnceAcrossNodes() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                Administrator admin = administrators.get(round % administrators.size());
                BankApi.ChallengeAnswer answer = signedAnswer(admin, direct(round % 2).challenge());
                List<Optional<BankApi.SecondStep>> steps = race(pool, node -> direct(node).answerChallenge(answer));
                assertEquals(1, steps.stream().filter(Optional::isPresent).count(), "one answer accepted of two");
                BankApi.SecondStep step = steps.stream().flatMap(Optional::stream).findFirst().orElseThrow();
                List<Optional<BankApi.Session>> sessions = race(pool, node -> direct(node).completeWithCard(step.attempt(),
                        admin.contract().contractPin().copy(), BankNodes.cardDigits(admin.contract().card(), step.cardCells())));
                assertEquals(1, sessions.stream().filter(Optional::isPresent).count(), "one second step accepted of two");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Revoked through node 2: node 1's and node 2's CRL (the same bytes) and OCSP say so at once. */
    private void aRevocationIsInBothNodesCrlAndOcspAtOnce() throws Exception {
        BankApi.OpenedContract holder = holders.get(0);
        BankApi.IssuedCertificate certificate = acquire(direct(0), holder);
        X509Certificate revoked = BankClient.certificate(certificate);
        try (BackOfficeClient office = bank.backOffice(direct(1))) {
            assertTrue(office.revoke(certificate.serial(), "KEY_COMPROMISE"));
        }
        byte[] first = direct(0).crl().getEncoded();
        assertTrue(direct(0).crl().isRevoked(revoked), "node 1's CRL lists what node 2 revoked");
        assertTrue(direct(1).crl().isRevoked(revoked), "node 2's CRL lists it");
        assertArrayEquals(first, direct(1).crl().getEncoded(), "both nodes serve the one CRL");
        for (int node = 0; node < 2; node++) {
            assertTrue(ocsp(direct(node), revoked) instanceof RevokedStatus, "node " + (node + 1) + "'s OCSP says revoked");
        }
    }

    /** A third node whose file sets another lockout limit is refused, naming the key. */
    private void aNodeWithADriftedConfigurationIsRefused() throws Exception {
        Map<String, String> drifted = new HashMap<>(bank.environment());
        drifted.put("KEYBOUND_LISTEN_PORT", "0");
        drifted.put("KEYBOUND_LOCKOUT_LIMIT", Integer.toString(LOCKOUT + 2));
        CliRun refused = ServerProcess.refusedStart(directory, bank.config(), drifted);
        assertNotEquals(ExitCode.OK, refused.code(), refused.out());
        assertTrue(refused.out().contains("lockout.limit"), "the refusal names the key: " + refused.out());
        assertTrue(!refused.out().contains("Bank server listening"), refused.out());
    }

    /** Acquisitions and logons through haproxy; node 1 killed with SIGKILL; every confirmed issuance in the registry once. */
    private void killedNodeUnderLoadLosesNoConfirmedIssuance(String url) throws Exception {
        try (Load load = new Load(false)) {
            load.awaitAnswers(10);
            bank.node(0).kill();
            bank.stopped(0);
            load.awaitAnswers(10); // node 2 carries the load
        }
        checkIssued(url);
        bank.start(0);
    }

    /** Logons through haproxy while each node in turn gets SIGTERM and is started again: none fails but for an answer lost at a stop. */
    private void rollingRestartFailsNoLogon() throws Exception {
        try (Load load = new Load(true)) {
            for (int node = 0; node < 2; node++) {
                load.awaitAnswers(5);
                int exit = bank.node(node).terminate();
                String output = bank.node(node).output();
                // 143: the JVM's status after SIGTERM once the shutdown hook has stopped the server
                assertTrue(exit == 143 && output.contains("Bank server stopped"), "a graceful stop: " + exit + "\n" + output);
                bank.stopped(node);
                load.awaitAnswers(5); // the other node carries the load
                bank.start(node);
            }
            load.awaitAnswers(5);
            // A known limit (docs/scale-out.md): the answer to a logon step a stopping node carried
            // out can be lost as it closes, and the client's resend then finds the one-time attempt
            // used. At most one such logon per stop; any other failure, or more, fails the test.
            List<String> failures = load.failures();
            assertTrue(failures.size() <= 2 && failures.stream().allMatch(MultiNodeTest::answerLostAtStop),
                    () -> "no logon failed during the rolling restart but for an answer lost at a stop: " + failures
                            + "; haproxy said:\n" + bank.haproxy().output());
        }
    }

    /**
     * Acquisitions through haproxy; the primary killed with SIGKILL, the standby promoted; both
     * nodes (the same processes) serve again, and every issuance confirmed before the kill is in the
     * promoted database.
     */
    private void primaryKilledAndStandbyPromotedLosesNoConfirmedIssuance(PostgresServer primary, PostgresServer standby)
            throws Exception {
        long[] pids = {bank.node(0).pid(), bank.node(1).pid()};
        Map<String, String> confirmedBeforeKill;
        try (Load load = new Load(false)) {
            // issuances, not answers: the load's logons answer many times faster than its acquisitions
            load.awaitIssuances(10);
            confirmedBeforeKill = Map.copyOf(issued);
            primary.kill();
            standby.promote();
            for (int node = 0; node < 2; node++) {
                int n = node;
                assertTrue(eventually(() -> succeeds(() -> acquire(direct(n), holders.get(1 + n)))),
                        "node " + (n + 1) + " issues again on the promoted standby: " + bank.node(n).output());
            }
            load.awaitAnswers(5);
        }
        assertTrue(confirmedBeforeKill.size() >= 10);
        assertEquals(pids[0], bank.node(0).pid(), "node 1 was not restarted");
        assertEquals(pids[1], bank.node(1).pid(), "node 2 was not restarted");
        checkIssued("jdbc:postgresql://127.0.0.1:" + standby.port() + "/bank");
    }

    // ---- load ----------------------------------------------------------------------------------

    /**
     * Client threads through haproxy, each with its own keep-alive connection: administrator
     * logons (mTLS, then card), and, unless only logons are asked, acquisitions for two holder
     * contracts. Failures are recorded: the rolling restart may have only answers lost at a stop; under a kill they only
     * mean that nothing was told.
     */
    private final class Load implements AutoCloseable {

        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicLong answers = new AtomicLong();
        private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        private final List<Thread> threads = new ArrayList<>();

        Load(boolean logonsOnly) {
            for (int i = 0; i < 2; i++) {
                Administrator admin = administrators.get(i);
                BankClient client = bank.balanced(Optional.of(BankNodes.keyManager(admin)));
                threads.add(worker(() -> BankNodes.logon(client, admin)));
            }
            if (!logonsOnly) {
                BankClient client = bank.balanced(Optional.empty());
                for (int i = 0; i < 2; i++) {
                    BankApi.OpenedContract holder = holders.get(3 + i);
                    threads.add(worker(() -> acquire(client, holder)));
                }
            }
            threads.forEach(Thread::start);
        }

        private Thread worker(Runnable request) {
            return new Thread(() -> {
                while (!stop.get()) {
                    try {
                        request.run();
                        answers.incrementAndGet();
                    } catch (RuntimeException e) {
                        // the cause too: "the connection failed" alone does not say whether a node or haproxy cut it
                        failures.add(e + (e.getCause() == null ? "" : " caused by " + e.getCause()));
                        pause();
                    }
                }
            }, "multi-node-client");
        }

        /** Waits until {@code count} more requests have succeeded (no claim about speed: a generous deadline). */
        void awaitAnswers(int count) throws InterruptedException {
            long until = answers.get() + count;
            assertTrue(eventually(() -> answers.get() >= until), "the load made no progress; failures: " + failures);
        }

        /** Waits until {@code count} more issuances have been confirmed to the load's clients. */
        void awaitIssuances(int count) throws InterruptedException {
            int until = issued.size() + count;
            assertTrue(eventually(() -> issued.size() >= until), "the load issued nothing; failures: " + failures);
        }

        List<String> failures() {
            return List.copyOf(failures);
        }

        @Override
        public void close() {
            stop.set(true);
            try {
                for (Thread thread : threads) {
                    thread.join();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean answerLostAtStop(String failure) {
        return failure.contains("attempt-invalid") || failure.contains("challenge-invalid")
                || failure.contains("received no bytes");
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * An administrator acquisition for {@code holder}; told issuances are remembered. It carries a
     * request id, as the station's do: the client sends a request again when its connection closes
     * without an answer (a killed node may have committed it), and the id makes that the same issuance.
     */
    private BankApi.IssuedCertificate acquire(BankClient client, BankApi.OpenedContract holder) {
        holderAttempts.incrementAndGet();
        byte[] requestId = new byte[16];
        RANDOM.nextBytes(requestId);
        BankApi.IssuedCertificate certificate = client.acquireAdministrator(new BankApi.AdministratorAcquisition(
                holder.contractId(), holder.contractPin().copy(), holder.confirmationPin().copy(), BankNodes.csr(), BankNodes.TOKEN,
                null, Base64.getUrlEncoder().withoutPadding().encodeToString(requestId)));
        issued.put(certificate.serial(), holder.contractId());
        return certificate;
    }

    /** Every issuance a client was told of is in the database at {@code url} once, and no request issued twice. */
    private void checkIssued(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, PostgresServer.SUPERUSER, "")) {
            for (var told : issued.entrySet()) {
                assertEquals(told.getValue(), one(c, "SELECT contract_id FROM certificate WHERE serial = ?", told.getKey()),
                        "told issued, not in the registry: " + told.getKey());
                assertEquals("1", one(c, "SELECT COUNT(*) FROM audit_entry WHERE event = 'ISSUED' AND subject = ?",
                        "serial:" + told.getKey()), "one audit entry for " + told.getKey());
            }
            long stored = 0;
            for (BankApi.OpenedContract holder : holders) {
                stored += Long.parseLong(one(c, "SELECT COUNT(*) FROM certificate WHERE contract_id = ?", holder.contractId()));
            }
            assertTrue(stored <= holderAttempts.get(), stored + " certificates for " + holderAttempts.get() + " requests");
        }
    }

    private static String one(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private void openContracts() {
        try (BackOfficeClient office = bank.backOffice()) {
            office.registerBank(BankNodes.BANK, "Nodes Shinkin", "NONE");
            for (int i = 0; i < 2; i++) {
                administrators.add(bank.administrator(office));
            }
            for (int i = 0; i < 5; i++) {
                holders.add(office.openContract(BankNodes.BANK, Optional.empty()));
            }
        }
    }

    private BankClient direct(int index) {
        return bank.direct(index);
    }

    /** Signed for the bank's one origin (haproxy's), whichever node the challenge came from. */
    private BankApi.ChallengeAnswer signedAnswer(Administrator admin, BankApi.Challenge challenge) {
        byte[] toBeSigned = ChallengeFormat.toBeSigned(Base64.getUrlDecoder().decode(challenge.nonce()),
                bank.origin(), challenge.expiresAt());
        return new BankApi.ChallengeAnswer(challenge.nonce(), BankClient.base64(admin.certificate()),
                BankClient.base64(SoftwareKeys.sign(admin.keys(), toBeSigned)));
    }

    /** {@code request} sent to both nodes at the same moment; each answer, or empty where refused as already used. */
    private static <T> List<Optional<T>> race(ExecutorService pool, NodeRequest<T> request) throws Exception {
        var start = new CountDownLatch(1);
        List<Future<Optional<T>>> futures = new ArrayList<>();
        for (int node = 0; node < 2; node++) {
            int n = node;
            Callable<Optional<T>> call = () -> {
                start.await();
                try {
                    return Optional.of(request.send(n));
                } catch (BankApiException refused) {
                    assertTrue(Set.of("challenge-invalid", "attempt-invalid").contains(refused.code()),
                            "refused as used: " + refused.code() + " " + refused.detail());
                    return Optional.empty();
                }
            };
            futures.add(pool.submit(call));
        }
        start.countDown();
        List<Optional<T>> answers = new ArrayList<>();
        for (Future<Optional<T>> future : futures) {
            answers.add(future.get());
        }
        return answers;
    }

    @FunctionalInterface
    private interface NodeRequest<T> {
        T send(int node);
    }

    private static String refusal(Runnable request) {
        try {
            request.run();
            return "accepted";
        } catch (BankApiException refused) {
            return refused.code();
        }
    }

    private static boolean succeeds(Runnable request) {
        try {
            request.run();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Polls {@code condition} until {@link #RECOVERY} has passed (no claim about speed, only that it happens). */
    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(200);
        }
        return true;
    }

    private CertificateStatus ocsp(BankClient client, X509Certificate certificate) throws Exception {
        var id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(bank.chain().get(0)), certificate.getSerialNumber());
        var response = new OCSPResp(client.ocsp(new OCSPReqBuilder().addRequest(id).build().getEncoded()));
        assertEquals(OCSPResp.SUCCESSFUL, response.getStatus());
        return ((BasicOCSPResp) response.getResponseObject()).getResponses()[0].getCertStatus();
    }
}
