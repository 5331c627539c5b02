package keybound.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * A body over every limit of the bank, large enough (2 MiB, beyond what loopback socket buffers
 * take at once) that the client is still sending it when the server answers: the answer must
 * reach it all the same, as a 413 and not as a reset connection.
 */
final class OversizedBody {

    static final int SIZE = 2 << 20;

    /** How the client sends it: with its {@code Content-Length}, or chunked with no length given. */
    enum Framing {
        DECLARED, CHUNKED
    }

    private OversizedBody() {
    }

    /** Posts {@code SIZE} bytes of {@code filler} on {@code request} (its URI and headers set), framed as said. */
    static HttpResponse<String> post(HttpClient client, HttpRequest.Builder request, Framing framing)
            throws IOException, InterruptedException {
        byte[] body = new byte[SIZE];
        Arrays.fill(body, (byte) 'x');
        HttpRequest.BodyPublisher publisher = framing == Framing.DECLARED ? HttpRequest.BodyPublishers.ofByteArray(body)
                : HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
        return client.send(request.timeout(Duration.ofSeconds(60)).POST(publisher).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
