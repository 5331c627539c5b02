package keybound.server.api;

import java.nio.ByteBuffer;
import keybound.bankapi.ProblemCode;
import keybound.bankapi.ProblemDocument;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers by itself (an unparseable request, a request during shutdown) rendered as
 * problem documents too, so no HTML page and no stack trace ever leaves the server.
 */
public final class ProblemErrorHandler extends ErrorHandler {

    private final JsonCodec json = new JsonCodec();

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        ProblemCode code = ProblemCode.forStatus(response.getStatus());
        byte[] bytes = json.write(new ProblemDocument(code.type(), code.title(), response.getStatus(), code.code(),
                code.title()));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ProblemDocument.MEDIA_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(bytes), callback);
        return true;
    }
}
