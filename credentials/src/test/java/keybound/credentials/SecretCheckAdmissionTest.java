package keybound.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretCheckAdmissionTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        threads.shutdownNow();
    }

    /** Starts a check that holds its place until {@link #release}; returns once it runs. */
    private Future<Boolean> holding(SecretCheckAdmission admission) throws InterruptedException {
        var running = new CountDownLatch(1);
        Future<Boolean> check = threads.submit(() -> admission.admit(() -> {
            running.countDown();
            try {
                return release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }));
        assertTrue(running.await(30, TimeUnit.SECONDS), "the check started");
        return check;
    }

    @Test
    void overTheConcurrencyWithNoQueueACheckIsRefusedWithoutRunning() throws Exception {
        var admission = new SecretCheckAdmission(new SecretCheckAdmission.Limits(2, 0, Duration.ofSeconds(5)));
        Future<Boolean> first = holding(admission);
        Future<Boolean> second = holding(admission);
        assertEquals(2, admission.running());
        boolean[] ran = {false};
        var busy = assertThrows(SecretChecksBusyException.class, () -> admission.admit(() -> ran[0] = true));
        assertTrue(!ran[0], "the refused check never ran");
        assertTrue(busy.retryAfter().toSeconds() >= 1);
        release.countDown();
        assertTrue(first.get() && second.get());
        assertEquals(0, admission.running());
        assertTrue(admission.admit(() -> true), "room again once they finished");
    }

    @Test
    void aQueuedCheckRunsWhenOneFinishesAndOneWaitingInVainIsRefused() throws Exception {
        var admission = new SecretCheckAdmission(new SecretCheckAdmission.Limits(1, 1, Duration.ofSeconds(30)));
        Future<Boolean> first = holding(admission);
        FutureTask<Boolean> queued = new FutureTask<>(() -> admission.admit(() -> true));
        Thread waiter = new Thread(queued, "queued-check");
        waiter.start();
        awaitTimedWait(waiter); // it has taken the queue's one place and waits for the first to finish
        assertThrows(SecretChecksBusyException.class, () -> admission.admit(() -> true), "the queue is full");
        release.countDown();
        assertTrue(first.get() && queued.get(30, TimeUnit.SECONDS), "the queued check ran after the first");

        var impatient = new SecretCheckAdmission(new SecretCheckAdmission.Limits(1, 5, Duration.ofMillis(100)));
        var held = new CountDownLatch(1);
        var running = new CountDownLatch(1);
        Future<Boolean> holder = threads.submit(() -> impatient.admit(() -> {
            running.countDown();
            try {
                return held.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }));
        assertTrue(running.await(30, TimeUnit.SECONDS));
        assertThrows(SecretChecksBusyException.class, () -> impatient.admit(() -> true), "waited 100 ms in vain");
        held.countDown();
        assertTrue(holder.get(30, TimeUnit.SECONDS));
    }

    /** Waits until {@code thread} waits with a timeout (a queued check, on its place); a deadline, not a speed target. */
    private static void awaitTimedWait(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (thread.getState() != Thread.State.TIMED_WAITING) {
            assertTrue(System.nanoTime() < deadline, "the check never queued: " + thread.getState());
            Thread.sleep(10);
        }
    }
}
