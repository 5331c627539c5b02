package keybound.server.api;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import keybound.logon.CertificateFingerprint;

/**
 * A request as endpoints see it: already size-limited, with the client certificate chain the TLS
 * handshake verified (empty when none was presented).
 */
public final class ApiRequest {

    private final String method;
    private final String path;
    private final Map<String, String> headers;
    private final byte[] body;
    private final List<X509Certificate> clientChain;
    private final JsonCodec json;

    ApiRequest(String method, String path, Map<String, String> headers, byte[] body, List<X509Certificate> clientChain,
            JsonCodec json) {
        this.method = method;
        this.path = path;
        this.headers = headers;
        this.body = body;
        this.clientChain = List.copyOf(clientChain);
        this.json = json;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** A header by lower-case name. */
    public Optional<String> header(String lowerCaseName) {
        return Optional.ofNullable(headers.get(lowerCaseName));
    }

    /** Parses the body into {@code type}; unknown fields and malformed JSON are 400 problems. */
    public <T> T body(Class<T> type) {
        return json.read(body, type);
    }

    /** The raw body, for non-JSON routes (a copy; the original is wiped after the request). */
    public byte[] rawBody() {
        return body.clone();
    }

    /** Whether the request carried a body at all. */
    public boolean hasBody() {
        return body.length > 0;
    }

    public List<X509Certificate> clientChain() {
        return clientChain;
    }

    /** The client certificate of this connection, if one was presented. */
    public Optional<X509Certificate> clientCertificate() {
        return clientChain.isEmpty() ? Optional.empty() : Optional.of(clientChain.get(0));
    }

    /** The fingerprint sessions are bound to, if a client certificate was presented. */
    public Optional<CertificateFingerprint> clientFingerprint() {
        return clientCertificate().map(CertificateFingerprint::of);
    }
}
