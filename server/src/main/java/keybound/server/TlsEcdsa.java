package keybound.server;

import java.security.Provider;
import java.security.Security;
import java.util.Map;

/**
 * ECDSA verification in the TLS handshake (the client's CertificateVerify and the certificate
 * chain's signatures) by BouncyCastle instead of SunEC, measured about ten times faster on this
 * machine (see docs/benchmarks.md (logon section)). JSSE looks its verifiers up by name in the JVM's
 * provider list, so a small provider offering only {@code SHA256/384/512withECDSA} over BC's
 * implementation goes first. It claims EC <em>public</em> keys only, so signing (with software
 * keys, SunPKCS11 keys or token keys) still goes to the providers it went to before.
 * JVM-wide by nature: one server per JVM, as {@code keybound server} runs it.
 */
public final class TlsEcdsa {

    static final String NAME = "KeyboundBcEcdsaVerify";

    private TlsEcdsa() {
    }

    /** Verifies ECDSA with BouncyCastle from now on (idempotent). */
    public static synchronized void useBouncyCastle() {
        if (Security.getProvider(NAME) == null) {
            Security.insertProviderAt(new VerifyProvider(), 1);
        }
    }

    /** Back to the JDK's SunEC (for measurements). */
    public static synchronized void useJdk() {
        Security.removeProvider(NAME);
    }

    public static boolean bouncyCastleInUse() {
        return Security.getProvider(NAME) != null;
    }

    /** From the configuration's {@code tls.ecdsa}: {@code bc} (default) or {@code jdk}. */
    public static void configure(String setting) {
        switch (setting) {
            case "bc" -> useBouncyCastle();
            case "jdk" -> useJdk();
            default -> throw new ConfigException("tls.ecdsa", "must be bc or jdk");
        }
    }

    private static final class VerifyProvider extends Provider {
        private static final long serialVersionUID = 1L;
        private static final String SPI = "org.bouncycastle.jcajce.provider.asymmetric.ec.SignatureSpi$";

        VerifyProvider() {
            super(NAME, "1.0", "ECDSA verification by BouncyCastle, for TLS");
            Map<String, String> publicKeysOnly = Map.of("SupportedKeyClasses", "java.security.interfaces.ECPublicKey");
            putService(new Service(this, "Signature", "SHA256withECDSA", SPI + "ecDSA256", null, publicKeysOnly));
            putService(new Service(this, "Signature", "SHA384withECDSA", SPI + "ecDSA384", null, publicKeysOnly));
            putService(new Service(this, "Signature", "SHA512withECDSA", SPI + "ecDSA512", null, publicKeysOnly));
        }
    }
}
