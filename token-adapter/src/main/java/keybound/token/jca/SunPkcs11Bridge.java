package keybound.token.jca;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509KeyManager;
import keybound.token.Secret;
import keybound.token.TokenInfo;
import keybound.token.TokenNotPresentException;
import keybound.token.TokenSelector;
import keybound.token.TokenSession;
import keybound.token.pkcs11.Pkcs11Module;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A token seen through the JDK's SunPKCS11 provider: a {@link KeyStore}, an
 * {@link X509KeyManager} and an {@link SSLContext} for TLS client authentication with the key
 * on the token. The provider is configured at run time from the module path and the slot the
 * token sits in now (found by label or serial), from {@code softhsm-config/sunpkcs11.cfg.template}.
 *
 * <p>The provider is registered with {@link Security} while the bridge is open, because JSSE
 * picks its Signature implementation among registered providers, and only SunPKCS11 can use a
 * key that lives on the token.
 *
 * <p>The login is shared with the Token API: the bridge holds a lease on the module's
 * {@link keybound.token.pkcs11.Pkcs11Token} for as long as it is open, so the PIN is checked
 * once by the token (or against the login already held), SunPKCS11 finds the token logged in,
 * and nobody logs out under SunPKCS11's object handles while the bridge is open (a C_Logout
 * invalidates every private-key handle of the process). Closing ends the lease, which logs the
 * token out only when it was the last one, and unregisters the provider.
 *
 * <p>The KeyStore shows key pairs with a certificate only; use the Token API to see bare keys.
 */
public final class SunPkcs11Bridge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SunPkcs11Bridge.class);

    private final Provider provider;
    private final KeyStore keyStore;
    private final String tokenName;

    private final TokenSession lease;

    private SunPkcs11Bridge(Provider provider, KeyStore keyStore, String tokenName, TokenSession lease) {
        this.provider = provider;
        this.keyStore = keyStore;
        this.tokenName = tokenName;
        this.lease = lease;
    }

    /**
     * Configures SunPKCS11 for the selected token and logs in with the user PIN.
     *
     * @throws TokenNotPresentException no token matches
     * @throws keybound.token.WrongPinException the PIN was refused
     */
    public static SunPkcs11Bridge open(Pkcs11Module module, TokenSelector selector, Secret pin) {
        TokenInfo info = module.tokens().stream().filter(selector::matches).findFirst()
                .orElseThrow(() -> new TokenNotPresentException("No token with " + selector.describe() + " in " + module.path()));
        TokenSession lease = module.token(selector).open(pin);
        Provider provider = null;
        try {
            provider = SunPkcs11Config.configure("bridge", info.serial(), module.path(), module.currentSlotId(selector))
                    .orElseThrow(() -> new IllegalStateException(
                            "this Java runtime has no SunPKCS11 provider (module jdk.crypto.cryptoki)"));
            Security.addProvider(provider);
            KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
            keyStore.load(null, null); // the lease logged the token in; SunPKCS11 sees it and needs no PIN
            LOG.info("SunPKCS11 provider {} opened on {}", provider.getName(), info.displayName());
            return new SunPkcs11Bridge(provider, keyStore, info.displayName(), lease);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (provider != null) {
                Security.removeProvider(provider.getName());
            }
            lease.close();
            throw SunPkcs11Errors.translate(e, info.displayName(), "log in through SunPKCS11");
        }
    }

    public Provider provider() {
        return provider;
    }

    /** The token's key pairs that have a certificate, as SunPKCS11 lists them. */
    public KeyStore keyStore() {
        return keyStore;
    }

    /** A key manager choosing among the token's certified keys, for JSSE. */
    public X509KeyManager keyManager() {
        try {
            var factory = KeyManagerFactory.getInstance("NewSunX509");
            factory.init(keyStore, new char[0]); // SunPKCS11 keys need no per-key password
            for (KeyManager manager : factory.getKeyManagers()) {
                if (manager instanceof X509KeyManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("JSSE offered no X509KeyManager");
        } catch (GeneralSecurityException e) {
            throw SunPkcs11Errors.translate(e, tokenName, "build a key manager");
        }
    }

    /** A TLS context whose client certificate and key come from the token. */
    public SSLContext tlsContext(TrustManager[] trustManagers) {
        try {
            var context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keyManager()}, trustManagers, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw SunPkcs11Errors.translate(e, tokenName, "build a TLS context");
        }
    }

    @Override
    public void close() {
        try {
            lease.close();
        } finally {
            Security.removeProvider(provider.getName());
        }
    }
}
