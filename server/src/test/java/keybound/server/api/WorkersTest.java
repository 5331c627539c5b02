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
import org.eclipse.jetty.util.thread.TryExecutor;
import org.junit.jupiter.api.Test;

/** The hand-off to the workers: taken (by a reserved thread if one is free), the work runs there; refused, the request fails at once. */
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
    void aReservedThreadTakesTheWorkWhenOneIsFreeAndTheQueueOtherwise() {
        List<Runnable> reserved = new ArrayList<>();
        List<Runnable> queued = new ArrayList<>();
        var free = new AtomicBoolean(true);
        TryExecutor workers = new TryExecutor() {
            @Override
            public boolean tryExecute(Runnable task) {
                return free.get() && reserved.add(task);
            }

            @Override
            public void execute(Runnable task) {
                queued.add(task);
            }
        };
        Callback callback = Callback.from(() -> { }, failure -> { });

        assertTrue(Workers.run(workers, callback, () -> { }));
        free.set(false);
        assertTrue(Workers.run(workers, callback, () -> { }));
        assertEquals(List.of(1, 1), List.of(reserved.size(), queued.size()));
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
