package keybound.server.wiring;

import static keybound.server.ConfigKeys.REVOCATION_LISTEN_HOST;
import static keybound.server.ConfigKeys.REVOCATION_LISTEN_PORT;
import static keybound.server.ConfigKeys.REVOCATION_PUBLIC_URL;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.OptionalInt;
import keybound.server.ConfigException;
import keybound.server.ConfigSource;
import keybound.server.ServerConfig;

/**
 * The plain-HTTP revocation listener ({@code keybound.server.revocation.RevocationListener}) and
 * the base URL written into certificates for it. Off unless {@code revocation.listen.port} is set; with it
 * on, new certificates point their CRL, OCSP and caIssuers addresses at {@link #base()}.
 *
 * @param host address to bind, by default the server's {@code listen.host}
 * @param port port to bind; empty: no listener
 * @param publicUrl the base URL clients reach the listener at (behind a proxy, or a published
 *        mirror), without a trailing slash; by default {@code http://host:port}
 */
public record RevocationSettings(String host, OptionalInt port, Optional<URI> publicUrl) {

    /** The settings from the bank's configuration. */
    public static RevocationSettings read(ConfigSource settings, ServerConfig server) {
        String host = settings.text(REVOCATION_LISTEN_HOST).orElse(server.listenHost());
        OptionalInt port = settings.text(REVOCATION_LISTEN_PORT).isPresent()
                ? OptionalInt.of(settings.integer(REVOCATION_LISTEN_PORT, 0, 1, 65_535)) : OptionalInt.empty();
        Optional<URI> publicUrl = settings.text(REVOCATION_PUBLIC_URL).map(RevocationSettings::baseUrl);
        if (publicUrl.isEmpty() && port.isPresent() && wildcard(host)) {
            throw new ConfigException(REVOCATION_PUBLIC_URL, "required when " + REVOCATION_LISTEN_HOST
                    + " is a wildcard address: certificates need an address relying parties can reach");
        }
        return new RevocationSettings(host, port, publicUrl);
    }

    /** Whether this node runs the plain-HTTP listener. */
    public boolean listening() {
        return port.isPresent();
    }

    /** The base URL of the revocation data written into certificates; empty when neither listener nor public URL is set. */
    public Optional<URI> base() {
        if (publicUrl.isPresent()) {
            return publicUrl;
        }
        if (port.isEmpty()) {
            return Optional.empty();
        }
        String shown = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        int p = port.getAsInt();
        return Optional.of(URI.create(p == 80 ? "http://" + shown : "http://" + shown + ":" + p));
    }

    private static URI baseUrl(String value) {
        String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        try {
            URI uri = new URI(trimmed);
            boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (!web || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
                throw new ConfigException(REVOCATION_PUBLIC_URL,
                        "must be an http:// URL with a host and no query (e.g. http://pki.example.jp)");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(REVOCATION_PUBLIC_URL, "not a URL");
        }
    }

    private static boolean wildcard(String host) {
        return "0.0.0.0".equals(host) || "::".equals(host) || "[::]".equals(host);
    }
}
