package keybound.bankapi.client;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * Which bank a client talks to: its HTTPS address (e.g. {@code https://127.0.0.1:8443/}) and the
 * bank CA chain its server certificate must chain to.
 */
public record BankSettings(URI base, List<X509Certificate> trustAnchors) {

    public BankSettings {
        Objects.requireNonNull(base, "base");
        if (!"https".equalsIgnoreCase(base.getScheme()) || base.getHost() == null) {
            throw new IllegalArgumentException("the bank's address must be an https:// URL with a host");
        }
        if (trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("the bank's CA chain is needed to trust its server");
        }
        trustAnchors = List.copyOf(trustAnchors);
    }

    /** {@code https://host[:port]}, what the client signs logon challenges for. */
    public String origin() {
        return httpsOrigin(base.getHost(), base.getPort() < 0 ? 443 : base.getPort());
    }

    /** {@code https://host[:port]}: an IPv6 literal in brackets, the default port 443 left out. */
    public static String httpsOrigin(String host, int port) {
        String shown = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return port == 443 ? "https://" + shown : "https://" + shown + ":" + port;
    }
}
