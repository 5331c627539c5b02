package keybound.server.api;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.TryExecutor;

/**
 * Where a request's blocking work runs. The bank's handlers are non-blocking to Jetty, so the
 * thread that reads a connection also runs its TLS handshake, parses the request and routes it
 * without handing each read to another thread (measured in docs/benchmarks.md, fifth pass). Only
 * what may wait (the registry, the bank's token, rendering a page from them) is handed to the
 * server's worker pool, once per request.
 */
public final class Workers {

    private Workers() {
    }

    /**
     * Runs {@code work} on the server's workers. If they take no more (the server is stopping),
     * fails the request and answers false: {@code work} never runs, so the caller wipes what it
     * would have wiped (a body holding secrets).
     */
    public static boolean run(Request request, Callback callback, Runnable work) {
        return run(request.getComponents().getExecutor(), callback, work);
    }

    static boolean run(Executor workers, Callback callback, Runnable work) {
        try {
            // A reserved thread first: the last one to finish a task, so its caches are warm. The
            // queue wakes the longest-idle thread, a cold one: at one client the logon measured about
            // a tenth more CPU that way (docs/benchmarks.md, sixth pass).
            if (workers instanceof TryExecutor reserved && reserved.tryExecute(work)) {
                return true;
            }
            workers.execute(work);
            return true;
        } catch (RejectedExecutionException e) {
            callback.failed(e);
            return false;
        }
    }
}
