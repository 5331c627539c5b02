package keybound.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A failing purge run does not end the schedule. */
class PurgeScheduleTest {

    @Test
    void runsThatThrowAreFollowedByFurtherRuns() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch laterRuns = new CountDownLatch(2);
        PurgeSchedule schedule = PurgeSchedule.start(Duration.ofMillis(1), () -> {
            switch (runs.incrementAndGet()) {
                case 1 -> throw new IllegalStateException("database down");
                case 2 -> throw new AssertionError("an Error that is no VirtualMachineError");
                default -> laterRuns.countDown();
            }
        });
        try {
            // A bound on the wait only, so a broken schedule fails instead of hanging the build.
            assertTrue(laterRuns.await(60, TimeUnit.SECONDS), "runs after the failing ones: " + runs.get());
        } finally {
            schedule.close();
        }
    }
}
