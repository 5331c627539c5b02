package keybound.bankapi.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import keybound.bankapi.ProblemDocument;
import keybound.bankapi.WipingRecyclerPool;
import keybound.bankapi.SecretJson;

/**
 * HTTP and JSON for the clients: JSON bodies in and out, problem documents turned into
 * {@link BankApiException}s, I/O failures into {@link BankUnreachableException}. JSON bodies both
 * ways may carry secrets: every copy made here is wiped once used ({@link RequestBody},
 * {@link WipingRecyclerPool}), and secrets go to and from JSON without a {@code String}
 * ({@link SecretJson}). The operator key travels in a header, which the JDK's client only takes as
 * a {@code String}: that copy cannot be wiped.
 */
final class ApiTransport {

    private static final String JSON = "application/json";

    private final HttpClient http;
    private final URI base;
    private final Duration timeout;
    /**
     * One mapper for every client of the process: configured once, it is thread-safe, and it keeps
     * what it learnt of each type. A mapper per client studied the API's types again for every
     * connection (in the capacity benchmark, a new client per logon: its JIT compiled Jackson's
     * introspection throughout the measured load).
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder().recyclerPool(new WipingRecyclerPool()).build())
            .addModule(SecretJson.module())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.USE_DEFAULTS))
            .build();

    ApiTransport(HttpClient http, URI base, Duration timeout) {
        this.http = http;
        this.base = base;
        this.timeout = timeout;
    }

    /**
     * A JSON request; {@code body} may be null; {@code answer} null for a 204. The request body and
     * the answer's bytes are zeroed once used, as are Jackson's working buffers: either may hold secrets.
     * Only a GET is sent again when its connection closes unanswered ({@link #send}).
     */
    <T> T json(String method, String path, Object body, Optional<String> authorization, Class<T> answer) {
        return json(method, path, body, authorization, answer, "GET".equals(method));
    }

    /**
     * A JSON POST that is safe to send twice although it changes state, because the bank refuses
     * what it has already used instead of doing it again: the logon steps (each challenge, pending
     * logon and attempt is consumed once) and reads sent as POST.
     */
    <T> T repeatableJson(String path, Object body, Optional<String> authorization, Class<T> answer) {
        return json("POST", path, body, authorization, answer, true);
    }

    private <T> T json(String method, String path, Object body, Optional<String> authorization, Class<T> answer,
            boolean repeatable) {
        try (RequestBody json = body == null ? null : RequestBody.json(MAPPER, body)) {
            HttpRequest.Builder request = request(path, authorization).header("Accept", JSON);
            if (json != null) {
                request.header("Content-Type", JSON).method(method, json.publisher());
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<byte[]> response = send(request.build(), repeatable);
            try {
                if (answer == null || response.statusCode() == 204) {
                    return null;
                }
                return SecretJson.read(MAPPER, response.body(), answer);
            } finally {
                Arrays.fill(response.body(), (byte) 0);
            }
        } catch (IOException e) {
            throw new BankUnreachableException("the bank's answer to " + method + " " + path + " is not JSON of the expected shape", e);
        }
    }

    /**
     * A JSON POST the bank answers at most once because it carries the client's request id
     * (acquisition, renewal, migration): when the connection is lost after the request may have
     * been sent, it is sent again, the same body, up to {@link #RETRY_PAUSES}' length more times.
     * A refused connection or TLS handshake (nothing sent) and every answer from the bank end it;
     * a request without an id ({@code requestId} null) is sent once.
     */
    <T> T idempotentJson(String path, Object body, String requestId, Class<T> answer) {
        int retries = requestId == null ? 0 : RETRY_PAUSES.size();
        for (int attempt = 0; ; attempt++) {
            try {
                // not resent by send: these retries, with their pauses, are the only ones
                return json("POST", path, body, Optional.empty(), answer, false);
            } catch (BankUnreachableException e) {
                if (attempt == retries || !e.answerLost()) {
                    throw e;
                }
                pause(RETRY_PAUSES.get(attempt));
            }
        }
    }

    /** Backoff before each retry of an idempotent request. */
    static final List<Duration> RETRY_PAUSES = List.of(Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(3));

    private static void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BankUnreachableException("interrupted while waiting to retry", e);
        }
    }

    /** A binary read: an OCSP request or a CRL download (with {@code body} null); safe to repeat. */
    byte[] binary(String method, String path, byte[] body, String contentType, String accept) {
        return binary(method, path, body, contentType, accept, Optional.empty(), true);
    }

    /** A bodiless request with credentials whose answer is binary (a freshly published CRL). */
    byte[] binaryWithAuthorization(String method, String path, String authorization, String accept) {
        return binary(method, path, null, null, accept, Optional.of(authorization), false);
    }

    private byte[] binary(String method, String path, byte[] body, String contentType, String accept,
            Optional<String> authorization, boolean repeatable) {
        HttpRequest.Builder request = request(path, authorization).header("Accept", accept);
        if (body != null) {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return send(request.build(), repeatable).body();
    }

    private HttpRequest.Builder request(String path, Optional<String> authorization) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
        authorization.ifPresent(value -> builder.header("Authorization", value));
        return builder;
    }

    /**
     * Sends {@code request}; if it is {@code repeatable}, sends it once more on a new connection
     * when the first was closed before any answer came ({@link BankUnreachableException#closedBeforeAnswer()}):
     * a node stopping behind a balancer, or closing an idle keep-alive connection, must not fail a
     * customer's logon. A request that is not safe to repeat is not resent: after a node is killed
     * the same failure may follow a request it had already carried out.
     */
    private HttpResponse<byte[]> send(HttpRequest request, boolean repeatable) {
        HttpResponse<byte[]> response;
        try {
            response = exchange(request);
        } catch (BankUnreachableException e) {
            if (!repeatable || !e.closedBeforeAnswer()) {
                throw e;
            }
            response = exchange(request);
        }
        if (response.statusCode() >= 400) {
            throw problem(response);
        }
        return response;
    }

    private HttpResponse<byte[]> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw BankUnreachableException.of(base, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BankUnreachableException(BankUnreachableException.Reason.OTHER, "interrupted while talking to the bank", e);
        }
    }

    private BankApiException problem(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        try {
            ProblemDocument problem = MAPPER.readValue(response.body(), ProblemDocument.class);
            if (problem != null && problem.code() != null) {
                return new BankApiException(problem.code(), status, problem.title() == null ? "" : problem.title(),
                        problem.detail() == null ? "" : problem.detail());
            }
        } catch (IOException e) {
            // not a problem document: fall through
        }
        return new BankApiException("http-" + status, status, "HTTP " + status, "");
    }

}
