package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourceTest {

    @TempDir
    Path directory;

    private Path file(String... lines) throws Exception {
        return Files.writeString(directory.resolve("server.properties"), String.join("\n", lines));
    }

    @Test
    void defaultsAreLoopbackWantedClientCertificatesAndTheManualsWindow() throws Exception {
        ServerConfig config = ConfigSource.load(file("tls.keystore.path=/k.p12", "tls.keystore.password=pw",
                "tls.truststore.path=/t.p12", "tls.truststore.password=pw"), Map.of());
        assertEquals("127.0.0.1", config.listenHost());
        assertEquals(8443, config.listenPort());
        assertEquals(ClientAuth.WANT, config.clientAuth());
        assertEquals(Duration.ofDays(80), config.acquisitionWindow());
        assertEquals(5, config.lockoutLimit());
        assertEquals(16 * 1024, config.maxBodyBytes());
        assertEquals(Path.of("data"), config.storage().dataDirectory());
        assertEquals(Optional.empty(), config.storage().jdbcUrl());
        assertEquals("PKCS12", config.keystore().type());
        assertEquals(Duration.ofSeconds(60), config.purgeInterval());
    }

    @Test
    void environmentOverridesTheFile() throws Exception {
        Path file = file("listen.port=9000", "lockout.limit=4", "tls.keystore.path=/k.p12", "tls.keystore.password=pw",
                "tls.client-auth=none", "jdbc.url=jdbc:h2:mem:x");
        ServerConfig config = ConfigSource.load(file, Map.of("KEYBOUND_LISTEN_PORT", "9443",
                "KEYBOUND_TLS_KEYSTORE_PASSWORD", "from-env", "KEYBOUND_JDBC_URL", "jdbc:postgresql://127.0.0.1/bank",
                "KEYBOUND_SESSION_IDLE_MINUTES", "3", "KEYBOUND_LOGON_PURGE_SECONDS", "5"));
        assertEquals(9443, config.listenPort());
        assertEquals(4, config.lockoutLimit());
        assertEquals("from-env", new String(config.keystore().password()));
        assertEquals(Optional.of("jdbc:postgresql://127.0.0.1/bank"), config.storage().jdbcUrl());
        assertEquals(Duration.ofMinutes(3), config.logon().sessions().idleTimeout());
        assertEquals(ClientAuth.NONE, config.clientAuth());
        assertEquals(Duration.ofSeconds(5), config.purgeInterval());
    }

    @Test
    void environmentNamesFollowTheKeys() {
        assertEquals("KEYBOUND_HTTP_MAX_BODY_BYTES", ConfigSource.environmentName("http.max-body-bytes"));
    }

    @Test
    void errorsNameTheKeyButNeverTheValue() throws Exception {
        var missing = assertThrows(ConfigException.class, () -> ConfigSource.load(file("listen.port=1"), Map.of()));
        assertEquals("tls.keystore.path", missing.key());

        var malformed = assertThrows(ConfigException.class, () -> ConfigSource.load(file("tls.keystore.path=/k",
                "tls.keystore.password=pw", "tls.client-auth=none", "lockout.limit=s3cr3t-looking"), Map.of()));
        assertEquals("lockout.limit", malformed.key());
        assertFalse(malformed.getMessage().contains("s3cr3t"));

        var range = assertThrows(ConfigException.class, () -> ConfigSource.load(file("tls.keystore.path=/k",
                "tls.keystore.password=pw", "tls.client-auth=none", "listen.port=70000"), Map.of()));
        assertEquals("listen.port", range.key());
    }

    @Test
    void aNonPositivePurgeIntervalIsRefusedNamingItsKey() throws Exception {
        ServerConfig c = ConfigSource.load(file("tls.keystore.path=/k", "tls.keystore.password=pw",
                "tls.client-auth=none"), Map.of());
        for (Duration interval : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1)}) {
            var refused = assertThrows(ConfigException.class, () -> new ServerConfig(c.listenHost(), c.listenPort(),
                    c.origin(), c.storage(), c.keystore(), c.truststore(), c.clientAuth(), c.maxBodyBytes(),
                    c.lockoutLimit(), c.acquisitionWindow(), c.logon(), c.shutdown(), interval, c.limits()));
            assertEquals("logon.purge-seconds", refused.key());
        }
    }

    @Test
    void askingForClientCertificatesNeedsTheBankCa() throws Exception {
        var error = assertThrows(ConfigException.class, () -> ConfigSource.load(file("tls.keystore.path=/k",
                "tls.keystore.password=pw", "tls.client-auth=need"), Map.of()));
        assertEquals("tls.truststore.path", error.key());
    }

    @Test
    void passwordsAreNeverPrinted() throws Exception {
        ServerConfig config = ConfigSource.load(file("tls.keystore.path=/k.p12", "tls.keystore.password=hunter2",
                "tls.client-auth=none"), Map.of());
        assertFalse(config.toString().contains("hunter2"));
        assertTrue(config.keystore().toString().contains("hidden"));
    }

    @Test
    void anUnknownKeyIsRefusedNamingItAndTheNearestKnownOne() throws Exception {
        var typo = assertThrows(ConfigException.class, () -> ConfigSource.open(file("listen.prot=8443"), Map.of()));
        assertEquals("listen.prot", typo.key());
        assertTrue(typo.getMessage().contains("unknown setting listen.prot (did you mean listen.port?)"), typo.getMessage());

        var far = assertThrows(ConfigException.class, () -> ConfigSource.open(file("colour=blue"), Map.of()));
        assertFalse(far.getMessage().contains("did you mean"), far.getMessage());
        assertTrue(far.getMessage().contains("docs/server.md"), far.getMessage());
    }

    @Test
    void anInlineCommentIsRefusedWithoutShowingTheValue() throws Exception {
        var comment = assertThrows(ConfigException.class, () -> ConfigSource.open(
                file("ca.module=/usr/lib/softhsm/libsofthsm2.so   # the PKCS#11 library"), Map.of()));
        assertEquals("ca.module", comment.key());
        assertTrue(comment.getMessage().contains("inline comment"), comment.getMessage());
        assertFalse(comment.getMessage().contains("softhsm"), comment.getMessage());
        // A '#' inside a value (no space before it) is a value, as in a URL fragment.
        ConfigSource.open(file("ca.crl-url=https://bank.example/crl#latest"), Map.of());
    }

    @Test
    void nearestIsByEditDistance() {
        assertEquals(0, ConfigKeys.editDistance("origin", "origin"));
        assertEquals(2, ConfigKeys.editDistance("listen.prot", "listen.port"));
        assertEquals(Optional.of("tls.keystore.password"), ConfigKeys.nearest("tls.keystore.pasword"));
        assertEquals(Optional.of("data.dir"), ConfigKeys.nearest("data.dri"));
        assertEquals(Optional.empty(), ConfigKeys.nearest("xyz"));
    }

    @Test
    void readingAKeyThatIsNotListedIsAProgrammingErrorCaughtAtOnce() throws Exception {
        ConfigSource source = ConfigSource.open(file("listen.port=1"), Map.of());
        var error = assertThrows(IllegalArgumentException.class, () -> source.text("not.a.listed.key"));
        assertTrue(error.getMessage().contains("ConfigKeys"), error.getMessage());
    }

    @Test
    void theOriginOfEachValueIsKnown() throws Exception {
        ConfigSource source = ConfigSource.open(file("listen.port=9000", "lockout.limit=4"),
                Map.of("KEYBOUND_LOCKOUT_LIMIT", "3"));
        assertEquals(ConfigSource.Origin.FILE, source.origin("listen.port"));
        assertEquals(ConfigSource.Origin.ENVIRONMENT, source.origin("lockout.limit"));
        assertEquals(ConfigSource.Origin.DEFAULT, source.origin("listen.host"));
    }

    /** The README's sample configuration is what people copy: it must load as it stands. */
    @Test
    void theReadmeSampleLoads() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("```properties\n");
        assertTrue(start >= 0, "the README has a properties sample");
        String sample = readme.substring(start + "```properties\n".length(), readme.indexOf("```", start + 3));
        ConfigSource source = ConfigSource.open(Files.writeString(directory.resolve("readme.properties"), sample), Map.of());
        assertEquals(Optional.of("bank-ca"), source.text("ca.token-label"));
        assertEquals(Optional.of("/usr/lib/softhsm/libsofthsm2.so"), source.text("ca.module"));
    }
}
