package keybound.server.api;

import java.nio.ByteBuffer;
import keybound.bankapi.ProblemCode;
import keybound.bankapi.ProblemDocument;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Answers a request over its address's rate: 429 {@code too-many-requests}, {@code Retry-After: 1}, nothing logged. */
public final class TooManyRequests implements Request.Handler {

    private final byte[] document = new JsonCodec().write(ProblemDocument.of(ProblemCode.TOO_MANY_REQUESTS,
            ProblemCode.TOO_MANY_REQUESTS.title()));

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        response.setStatus(ProblemCode.TOO_MANY_REQUESTS.status());
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ProblemDocument.MEDIA_TYPE);
        if (request.getLength() != 0) {
            // The unread body ends the connection anyway; saying so keeps the client from reusing it.
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        response.write(true, ByteBuffer.wrap(document), callback);
        return true;
    }
}
