package keybound.token.jca;

import java.security.Provider;
import java.security.Security;
import java.util.Map;

/**
 * A JCA provider whose {@code Signature}s sign with {@link TokenPrivateKey}s, for any token
 * behind the Token API. Installed at the end of the provider list: JCA's delayed provider
 * selection then hands token keys to it and every other key to the usual providers.
 */
public final class TokenProvider extends Provider {

    public static final String NAME = "KeyboundToken";
    private static final long serialVersionUID = 1L;

    public TokenProvider() {
        super(NAME, "1.0", "Signatures with keys held on keybound tokens (PKCS#11 or card)");
        Map<String, String> attributes = Map.of("SupportedKeyClasses",
                TokenEcPrivateKey.class.getName() + "|" + TokenRsaPrivateKey.class.getName());
        putService(new Service(this, "Signature", "SHA256withECDSA",
                TokenSignatureSpi.Sha256WithEcdsa.class.getName(), null, attributes));
        putService(new Service(this, "Signature", "SHA256withRSA",
                TokenSignatureSpi.Sha256WithRsa.class.getName(), null, attributes));
    }

    /** Adds the provider to the JVM's list once (JSSE looks signatures up there). */
    public static synchronized void install() {
        if (Security.getProvider(NAME) == null) {
            Security.addProvider(new TokenProvider());
        }
    }
}
