package keybound.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/** The hand-off to the workers: taken, the work runs there; refused, the request fails at once. */
class WorkersTest {

    @Test
    void takenWorkRunsOnTheWorkersAndLeavesTheRequestToIt() {
        List<Runnable> queued = new ArrayList<>();
        var failed = new AtomicReference<Throwable>();
        var ran = new AtomicBoolean();

        assertTrue(Workers.run(queued::add, Callback.from(() -> { }, failed::set), () -> ran.set(true)));
        assertFalse(ran.get(), "not on the calling thread");
        assertEquals(1, queued.size());
        queued.get(0).run();
        assertTrue(ran.get());
        assertNull(failed.get());
    }

    @Test
    void refusedWorkFailsTheRequestAndTellsTheCaller() {
        var failed = new AtomicReference<Throwable>();
        var ran = new AtomicBoolean();

        boolean taken = Workers.run(work -> {
            throw new RejectedExecutionException("stopping");
        }, Callback.from(() -> { }, failed::set), () -> ran.set(true));

        assertFalse(taken);
        assertFalse(ran.get());
        assertInstanceOf(RejectedExecutionException.class, failed.get());
    }
}
