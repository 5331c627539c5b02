package keybound.server.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import keybound.issuer.ca.CaUrls;
import keybound.server.ConfigException;
import keybound.server.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the CA is: refusals name ca.certificates; default URLs lie under the plain-HTTP revocation base, else the server's origin. */
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

    @Test
    void withTheRevocationListenerTheUrlsArePlainHttpAndNameTheIssuingCaCertificate() throws Exception {
        CaUrls urls = urls("listen.port=8443", "revocation.listen.port=8080");
        assertEquals(URI.create("http://127.0.0.1:8080/crl"), urls.crl());
        assertEquals(URI.create("http://127.0.0.1:8080/ocsp"), urls.ocsp());
        assertEquals(Optional.of(URI.create("http://127.0.0.1:8080/ca.cer")), urls.caIssuers());
        assertEquals(URI.create("http://[::1]/crl"), urls("revocation.listen.host=::1", "revocation.listen.port=80").crl());
        assertEquals(Optional.empty(), urls("listen.port=8443").caIssuers(), "no plain-HTTP base, no caIssuers");
    }

    @Test
    void thePublicUrlWinsAndExplicitUrlsWinOverIt() throws Exception {
        CaUrls urls = urls("revocation.listen.port=8080", "revocation.public-url=http://pki.bank.example/");
        assertEquals(URI.create("http://pki.bank.example/crl"), urls.crl());
        assertEquals(Optional.of(URI.create("http://pki.bank.example/ca.cer")), urls.caIssuers());
        assertEquals(URI.create("http://pki.bank.example/ocsp"), urls("revocation.public-url=http://pki.bank.example").ocsp(),
                "a public URL without a listener on this node (another node or a mirror serves it)");
        assertEquals(URI.create("http://crl.example/x.crl"), urls("revocation.listen.port=8080",
                "ca.crl-url=http://crl.example/x.crl").crl());
    }

    @Test
    void badRevocationSettingsAreRefusedNamingTheKey() {
        assertEquals("revocation.public-url", assertThrows(ConfigException.class,
                () -> urls("revocation.listen.host=0.0.0.0", "revocation.listen.port=8080")).key(),
                "a wildcard address is no address for certificates");
        assertEquals("revocation.public-url", assertThrows(ConfigException.class,
                () -> urls("revocation.public-url=ftp://pki.example")).key());
        assertEquals("revocation.public-url", assertThrows(ConfigException.class,
                () -> urls("revocation.public-url=http://pki.example/?x=1")).key());
        assertEquals("revocation.listen.port", assertThrows(ConfigException.class,
                () -> urls("revocation.listen.port=0")).key());
        assertEquals("revocation.listen.port", assertThrows(ConfigException.class,
                () -> urls("revocation.listen.port=http")).key());
    }

    private CaUrls urls(String... lines) throws Exception {
        Path file = Files.writeString(directory.resolve("bank.properties"), String.join("\n",
                "tls.keystore.path=/k.p12", "tls.keystore.password=pw", "tls.client-auth=none", String.join("\n", lines)));
        ConfigSource settings = ConfigSource.open(file, Map.of());
        return CaSettings.urls(settings, settings.serverConfig());
    }
}
