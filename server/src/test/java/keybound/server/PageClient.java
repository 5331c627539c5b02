package keybound.server;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.X509KeyManager;
import keybound.bankapi.client.BankClient;

/**
 * A minimal browser for the page tests: one TLS identity, a cookie jar of the {@code Set-Cookie}
 * names it was given, no redirects followed, forms posted urlencoded. Not a real browser: that
 * is what the Chromium tests in the CLI module are for; this checks headers and refusals exactly.
 */
final class PageClient {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final HttpClient http;
    private final URI base;
    final Map<String, String> cookies = new LinkedHashMap<>();

    PageClient(URI base, List<X509Certificate> bankCa, Optional<X509KeyManager> keys) {
        this.base = base;
        this.http = HttpClient.newBuilder().sslContext(BankClient.tls(bankCa, keys)).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    /** {@code method} (HEAD, PUT…) on {@code path}, without a body. */
    HttpResponse<String> method(String method, String path) {
        return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    /** Posts {@code fields} (in order), adding {@code extra} headers (name, value, name, value…). */
    HttpResponse<String> post(String path, Map<String, String> fields, String... extra) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder builder = request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            builder.header(extra[i], extra[i + 1]);
        }
        return send(builder);
    }

    /** The CSRF token the last page embedded in its forms. */
    static String csrf(HttpResponse<String> page) {
        return field(page.body(), CSRF_FIELD);
    }

    static String field(String html, Pattern pattern) {
        Matcher m = pattern.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no " + pattern + " in\n" + html);
        }
        return m.group(1);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
        if (!cookies.isEmpty()) {
            builder.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            for (String set : response.headers().allValues("set-cookie")) {
                String pair = set.split(";", 2)[0];
                int equals = pair.indexOf('=');
                String name = pair.substring(0, equals);
                String value = pair.substring(equals + 1);
                if (value.isEmpty()) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
