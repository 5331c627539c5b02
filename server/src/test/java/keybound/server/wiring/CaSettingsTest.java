package keybound.server.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import keybound.issuer.ca.CaUrls;
import keybound.server.ConfigException;
import keybound.server.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the CA is: refusals name ca.certificates; default URLs lie under the server's origin. */
class CaSettingsTest {

    @TempDir
    Path directory;

    @Test
    void aMissingRootCertificateIsRefusedNamingCaCertificates() {
        var refused = assertThrows(ConfigException.class, () -> CaSettings.chain(directory));
        assertEquals("ca.certificates", refused.key());
        assertTrue(refused.getMessage().contains("root.pem"), refused.getMessage());
    }

    @Test
    void defaultUrlsUseTheOriginWithIpv6InBracketsAndWithoutPort443() throws Exception {
        CaUrls urls = urls("listen.host=::1", "listen.port=443");
        assertEquals(URI.create("https://[::1]/crl"), urls.crl());
        assertEquals(URI.create("https://[::1]/ocsp"), urls.ocsp());
        assertEquals(URI.create("https://127.0.0.1:8443/crl"), urls("listen.port=8443").crl());
    }

    private CaUrls urls(String... lines) throws Exception {
        Path file = Files.writeString(directory.resolve("bank.properties"), String.join("\n",
                "tls.keystore.path=/k.p12", "tls.keystore.password=pw", "tls.client-auth=none", String.join("\n", lines)));
        ConfigSource settings = ConfigSource.open(file, Map.of());
        return CaSettings.urls(settings, settings.serverConfig());
    }
}
