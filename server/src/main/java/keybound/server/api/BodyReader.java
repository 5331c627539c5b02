package keybound.server.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import keybound.bankapi.ProblemCode;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body with a hard limit, before anything parses it: a declared length over the
 * limit is refused without reading, and a chunked body is refused as soon as it passes the limit.
 */
final class BodyReader {

    private final int limit;

    BodyReader(int limit) {
        this.limit = limit;
    }

    byte[] read(Request request) throws IOException {
        long declared = request.getLength();
        if (declared > limit) {
            throw new ApiProblem(ProblemCode.BODY_TOO_LARGE, "Request bodies are limited to " + limit + " bytes.");
        }
        byte[] buffer = new byte[declared >= 0 ? (int) declared : Math.min(limit, 4096)];
        int length = 0;
        try (InputStream in = Content.Source.asInputStream(request)) {
            while (true) {
                if (length == buffer.length) {
                    if (length >= limit) {
                        if (in.read() < 0) {
                            break;
                        }
                        Arrays.fill(buffer, (byte) 0);
                        throw new ApiProblem(ProblemCode.BODY_TOO_LARGE,
                                "Request bodies are limited to " + limit + " bytes.");
                    }
                    byte[] larger = Arrays.copyOf(buffer, Math.min(limit, Math.max(buffer.length * 2, 1024)));
                    Arrays.fill(buffer, (byte) 0);
                    buffer = larger;
                }
                int read = in.read(buffer, length, buffer.length - length);
                if (read < 0) {
                    break;
                }
                length += read;
            }
        }
        if (length == buffer.length) {
            return buffer;
        }
        byte[] body = Arrays.copyOf(buffer, length);
        Arrays.fill(buffer, (byte) 0);
        return body;
    }
}
