package keybound.server.api;

import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;

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

    /** Runs {@code work} on the server's workers; if they take no more (the server is stopping), fails the request. */
    public static void run(Request request, Callback callback, Runnable work) {
        try {
            request.getComponents().getExecutor().execute(work);
        } catch (RejectedExecutionException e) {
            callback.failed(e);
        }
    }
}
