package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import keybound.server.fixture.BankFixture;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BackOfficeClient;
import keybound.bankapi.client.BankApiException;
import keybound.bankapi.client.BankClient;
import keybound.issuer.contract.ContractId;
import keybound.issuer.store.ContractRepository;
import keybound.testkit.softhsm.SoftHsmEnvironment;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.token.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11Module;

/**
 * The bank's token removed while logons are running, then back, over real HTTPS with several
 * client threads (ID/password logons: two MACs on the CA token's verifier key each), without
 * restarting the server.
 *
 * <p>SoftHSM has no removable slots: its token is a directory, read when the library initialises.
 * Removal is that directory moved away under load (the library's token turns invalid at once),
 * then the library re-initialised without it, as a driver resets after a device is pulled; the
 * return is the directory moved back and the library re-initialised again, the token now in
 * another slot. C_Finalize is process-wide and undefined for calls in flight, so the clients are
 * held (no request in flight, so no server thread in the library) only while the library is
 * re-initialised. During the outage the clients also send wrong secrets: every answer is 503
 * {@code service-unavailable}, and the registry's failure counters stay at zero. After the return
 * every logon succeeds again: the server's session pool found the token by its serial, opened
 * fresh sessions and logged in again.
 */
@ExtendWith(SoftHsmExtension.class)
class TokenOutageUnderLoadTest {

    private static final int CLIENTS = 6;
    private static final int CONTRACTS = 3;
    private static final int ANSWERS_PER_PHASE = 24;

    private enum Phase { BEFORE, REMOVING, OUT, RETURNING, BACK }

    private record Answer(Phase started, Phase ended, boolean right, int status, String code) {
        boolean unavailable() {
            return status == 503 && "service-unavailable".equals(code);
        }
    }

    @TempDir
    Path directory;

    private final ReadWriteLock inFlight = new ReentrantReadWriteLock(true);
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private volatile Phase phase = Phase.BEFORE;
    private volatile boolean stop;

    @Test
    void logonsAnswer503DuringTheOutageCountNothingAndSucceedAgainWhenTheTokenIsBack() throws Exception {
        String label = "outage-verifier-" + UUID.randomUUID().toString().substring(0, 8);
        try (BankFixture bank = BankFixture.open(directory, "verifier.key-label=" + label, "lockout.limit=100",
                "limits.requests-per-second=100000", "limits.request-burst=100000",
                "limits.secret-requests-per-second=100000", "limits.secret-request-burst=100000",
                "secrets.admission.concurrent=8", "secrets.admission.queue=64", "secrets.admission.wait-millis=60000")) {
            List<BankApi.OpenedContract> contracts = new ArrayList<>();
            try (BackOfficeClient operator = bank.operator()) {
                operator.registerBank(BankFixture.BANK_CODE, "Keybound Shinkin Bank", "NONE");
                for (int i = 0; i < CONTRACTS; i++) {
                    contracts.add(operator.openContract(BankFixture.BANK_CODE, Optional.empty()));
                }
            }
            Path tokenDirectory = tokenDirectory(bank.assembly().caSession().token().serial());
            // Out of SoftHSM's token directory: it takes every directory there for a token, whatever its name.
            Path away = tokenDirectory.getParent().resolveSibling(tokenDirectory.getFileName() + ".removed");
            PKCS11Module library = PKCS11Module.getInstance(SoftHsmEnvironment.current().module().toString());

            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                BankClient client = bank.anonymous();
                BankApi.OpenedContract contract = contracts.get(i % CONTRACTS);
                Thread thread = new Thread(() -> logOnUntilStopped(client, contract), "logon-client-" + i);
                thread.start();
                clients.add(thread);
            }
            try {
                awaitAnswers(Phase.BEFORE);
                phase = Phase.REMOVING;
                Files.move(tokenDirectory, away);
                reinitialiseWithNoneInFlight(library, Phase.OUT);
                awaitAnswers(Phase.OUT);
                phase = Phase.RETURNING;
                Files.move(away, tokenDirectory);
                reinitialiseWithNoneInFlight(library, Phase.BACK);
                awaitAnswers(Phase.BACK);
            } finally {
                stop = true;
                for (Thread client : clients) {
                    client.join(TimeUnit.MINUTES.toMillis(2));
                }
                if (Files.exists(away)) { // the test failed with the token away: give it back to the other tests
                    Files.move(away, tokenDirectory);
                    reinitialiseWithNoneInFlight(library, Phase.BACK);
                }
            }

            Map<Phase, Integer> counted = new EnumMap<>(Phase.class);
            for (Answer answer : answers) {
                if (answer.started() == answer.ended()) {
                    counted.merge(answer.started(), 1, Integer::sum);
                }
                switch (answer.started() == answer.ended() ? answer.started() : Phase.REMOVING) {
                    case BEFORE, BACK -> assertEquals(200, answer.status(), "concurrent logons on the token's pool: " + answer);
                    case OUT -> assertTrue(answer.unavailable(), "the token out: " + answer);
                    default -> assertTrue((answer.status() == 200 && answer.right()) || answer.unavailable(),
                            "while the token goes or comes: " + answer);
                }
                if (!answer.right()) {
                    assertTrue(answer.unavailable(), "a wrong secret sent while the token is out is not judged: " + answer);
                }
            }
            assertTrue(answers.stream().anyMatch(a -> !a.right()), "wrong secrets were sent during the outage");
            for (Phase each : List.of(Phase.BEFORE, Phase.OUT, Phase.BACK)) {
                assertTrue(counted.getOrDefault(each, 0) >= ANSWERS_PER_PHASE, each + ": " + counted);
            }
            for (BankApi.OpenedContract contract : contracts) {
                int failures = bank.database().inTransaction(c -> new ContractRepository().find(c,
                        new ContractId(contract.contractId()))).orElseThrow().failures();
                assertEquals(0, failures, "nothing counted toward the lockout of " + contract.contractId());
                contract.close();
            }
        }
    }

    /** One client: ID/password logons, right ones, and during the outage every other one wrong. */
    private void logOnUntilStopped(BankClient client, BankApi.OpenedContract contract) {
        boolean alternate = false;
        while (!stop) {
            inFlight.readLock().lock();
            try {
                Phase started = phase;
                alternate = !alternate;
                boolean right = started != Phase.OUT || alternate;
                int status;
                String code;
                try (Secret password = right ? contract.confirmationPassword().copy() : Secret.of("Wrong-password-1")) {
                    client.logonWithPassword(contract.contractId(), password, contract.contractPin());
                    status = 200;
                    code = "";
                } catch (BankApiException e) {
                    status = e.status();
                    code = e.code();
                } catch (RuntimeException e) {
                    status = -1;
                    code = e.toString();
                }
                answers.add(new Answer(started, phase, right, status, code));
            } finally {
                inFlight.readLock().unlock();
            }
        }
    }

    /** Waits until {@value #ANSWERS_PER_PHASE} logons have started and ended in {@code expected}. */
    private void awaitAnswers(Phase expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (answers.stream().filter(a -> a.started() == expected && a.ended() == expected).count() < ANSWERS_PER_PHASE) {
            assertTrue(System.nanoTime() < deadline, "too few answers in " + expected + ": " + answers);
            Thread.sleep(50);
        }
    }

    /** C_Finalize and C_Initialize of the whole library with no request in flight, then {@code next}. */
    private void reinitialiseWithNoneInFlight(PKCS11Module library, Phase next) throws PKCS11Exception {
        inFlight.writeLock().lock();
        try {
            library.finalize(null);
            library.initialize();
            phase = next;
        } finally {
            inFlight.writeLock().unlock();
        }
    }

    /** SoftHSM names a token's directory by a UUID whose last 16 hex digits are the token's serial. */
    private static Path tokenDirectory(String serial) throws IOException {
        try (Stream<Path> directories = Files.list(SoftHsmEnvironment.current().tokenDirectory())) {
            return directories.filter(d -> d.getFileName().toString().replace("-", "").endsWith(serial)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no token directory for serial " + serial));
        }
    }
}
