package keybound.server;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Takes a stopping node out of a balancer before it stops accepting: once draining, the readiness
 * probe answers 503 (whatever the database and token say) and every other response is still served
 * but closes its connection, so clients' next requests open new connections, which the balancer
 * sends to the other nodes once it has seen the 503.
 */
final class DrainingHandler extends Handler.Wrapper {

    static final String READY_PATH = "/health/ready";
    private static final String NOT_READY = "{\"status\":\"not-ready\",\"checks\":{\"node\":\"draining\"}}";

    private volatile boolean draining;

    DrainingHandler(Handler handler) {
        super(handler);
    }

    void drain() {
        draining = true;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!draining) {
            return super.handle(request, response, callback);
        }
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        if (READY_PATH.equals(Request.getPathInContext(request))) {
            response.setStatus(503);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            Content.Sink.write(response, true, NOT_READY, callback);
            return true;
        }
        return super.handle(request, response, callback);
    }
}
