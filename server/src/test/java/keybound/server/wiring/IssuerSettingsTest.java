package keybound.server.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import keybound.issuer.IssuerConfig;
import keybound.server.ConfigException;
import keybound.server.ConfigKeys;
import keybound.server.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The issuer's settings as server and CLI both read them: defaults, overrides, refusals naming the key. */
class IssuerSettingsTest {

    private static final String SEALING_KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @TempDir
    Path directory;

    private IssuerConfig read(Map<String, String> overrides, String... lines) throws Exception {
        var environment = new HashMap<>(overrides);
        environment.putIfAbsent(BankAssembly.CARD_SEALING_KEY, SEALING_KEY);
        Path file = Files.writeString(directory.resolve("bank.properties"), String.join("\n",
                "tls.keystore.path=/k.p12", "tls.keystore.password=pw", "tls.client-auth=none", String.join("\n", lines)));
        ConfigSource settings = ConfigSource.open(file, environment);
        return IssuerSettings.read(settings, settings.serverConfig(), environment);
    }

    private ConfigException refused(String... lines) {
        return assertThrows(ConfigException.class, () -> read(Map.of(), lines));
    }

    @Test
    void defaultsAreTheManuals() throws Exception {
        IssuerConfig config = read(Map.of());
        IssuerConfig manual = IssuerConfig.defaults(config.cardSealingKey());
        assertEquals(Duration.ofDays(365), config.certificateValidity());
        assertEquals(Duration.ofDays(30), config.renewalLead());
        assertEquals(manual.certificateValidity(), config.certificateValidity());
        assertEquals(manual.renewalLead(), config.renewalLead());
        assertEquals(5, config.lockoutThreshold());
        assertEquals(Duration.ofDays(80), config.acquisitionWindow());
        assertEquals(99, config.maxUsersPerContract());
    }

    @Test
    void fileSetsValidityLeadAndTheServersLockoutAndWindow() throws Exception {
        IssuerConfig config = read(Map.of(), "certificate.validity-days=90", "certificate.renewal-lead-days=14",
                "lockout.limit=3", "acquisition.window-days=20", "contract.max-users=7", "secrets.hash.iterations=2");
        assertEquals(Duration.ofDays(90), config.certificateValidity());
        assertEquals(Duration.ofDays(14), config.renewalLead());
        assertEquals(3, config.lockoutThreshold());
        assertEquals(Duration.ofDays(20), config.acquisitionWindow());
        assertEquals(7, config.maxUsersPerContract());
        assertEquals(2, config.secretHashing().iterations());
    }

    @Test
    void environmentOverridesTheFile() throws Exception {
        IssuerConfig config = read(Map.of("KEYBOUND_CERTIFICATE_VALIDITY_DAYS", "120", "KEYBOUND_CERTIFICATE_RENEWAL_LEAD_DAYS", "10"),
                "certificate.validity-days=90", "certificate.renewal-lead-days=14");
        assertEquals(Duration.ofDays(120), config.certificateValidity());
        assertEquals(Duration.ofDays(10), config.renewalLead());
    }

    @Test
    void aLeadAsLongAsTheValidityIsAccepted() throws Exception {
        // Documented: the certificate is then renewable from the day it is issued.
        IssuerConfig config = read(Map.of(), "certificate.validity-days=7", "certificate.renewal-lead-days=30");
        assertEquals(Duration.ofDays(7), config.certificateValidity());
        assertEquals(Duration.ofDays(30), config.renewalLead());
    }

    @Test
    void nonPositiveAbsurdOrMalformedValuesAreRefusedNamingTheKey() {
        for (String[] bad : new String[][] {
                {"certificate.validity-days=0", ConfigKeys.CERTIFICATE_VALIDITY},
                {"certificate.validity-days=-30", ConfigKeys.CERTIFICATE_VALIDITY},
                {"certificate.validity-days=36500", ConfigKeys.CERTIFICATE_VALIDITY},
                {"certificate.validity-days=1y", ConfigKeys.CERTIFICATE_VALIDITY},
                {"certificate.renewal-lead-days=0", ConfigKeys.RENEWAL_LEAD},
                {"certificate.renewal-lead-days=99999999999", ConfigKeys.RENEWAL_LEAD}}) {
            ConfigException error = refused(bad[0]);
            assertEquals(bad[1], error.key(), bad[0]);
            assertTrue(error.getMessage().contains(bad[1]), error.getMessage());
            String value = bad[0].substring(bad[0].indexOf('=') + 1);
            assertTrue(value.equals("0") || !error.getMessage().contains(value), error.getMessage());
        }
        assertTrue(refused("certificate.validity-days=0").getMessage().contains("between 1 and 3650"));
    }

    @Test
    void theSealingKeyComesOnlyFromTheEnvironment() {
        var malformed = assertThrows(ConfigException.class,
                () -> read(Map.of(BankAssembly.CARD_SEALING_KEY, "not base64 !"), "certificate.validity-days=90"));
        assertEquals(BankAssembly.CARD_SEALING_KEY, malformed.key());
        var shortKey = assertThrows(ConfigException.class,
                () -> read(Map.of(BankAssembly.CARD_SEALING_KEY, Base64.getEncoder().encodeToString(new byte[16]))));
        assertTrue(shortKey.getMessage().contains("32 bytes"));
    }
}
