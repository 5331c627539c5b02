package keybound.server;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Principal;
import java.security.Security;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import keybound.token.KeyRef;
import keybound.token.SignatureAlgorithm;
import keybound.token.TokenSession;

/**
 * Lets the JDK's TLS client sign its CertificateVerify with a key that stays on a token: a
 * key manager hands out a {@link TokenKey} (a handle, no key material), and a small provider,
 * registered for that key class only, signs through the Token API. Test code: production
 * clients get the same from SunPKCS11 or the station's own TLS client.
 */
final class TokenTlsKeys {

    private TokenTlsKeys() {
    }

    /** A private-key handle: the lease and the key reference on the token. */
    static final class TokenKey implements PrivateKey {
        private static final long serialVersionUID = 1L;
        final transient TokenSession session;
        final transient KeyRef key;

        TokenKey(TokenSession session, KeyRef key) {
            this.session = session;
            this.key = key;
        }

        @Override
        public String getAlgorithm() {
            return "EC";
        }

        @Override
        public String getFormat() {
            return null; // not extractable
        }

        @Override
        public byte[] getEncoded() {
            return null;
        }
    }

    /** SHA256withECDSA through the token, for {@link TokenKey}s only. */
    public static final class TokenEcdsa extends SignatureSpi {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private TokenKey key;

        @Override
        protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
            if (!(privateKey instanceof TokenKey tokenKey)) {
                throw new InvalidKeyException("not a token key");
            }
            key = tokenKey;
            buffer.reset();
        }

        @Override
        protected void engineInitVerify(java.security.PublicKey publicKey) throws InvalidKeyException {
            throw new InvalidKeyException("sign only");
        }

        @Override
        protected void engineUpdate(byte b) {
            buffer.write(b);
        }

        @Override
        protected void engineUpdate(byte[] b, int off, int len) {
            buffer.write(b, off, len);
        }

        @Override
        protected byte[] engineSign() throws SignatureException {
            byte[] data = buffer.toByteArray();
            buffer.reset();
            return key.session.sign(key.key, SignatureAlgorithm.SHA256_WITH_ECDSA, data);
        }

        @Override
        protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
            throw new SignatureException("sign only");
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String param, Object value) {
            throw new InvalidParameterException("no parameters");
        }

        @Override
        @Deprecated
        protected Object engineGetParameter(String param) {
            return null;
        }
    }

    private static final class TokenProvider extends Provider {
        private static final long serialVersionUID = 1L;

        TokenProvider() {
            super("KeyboundTestToken", "1.0", "signs with token keys through the Token API (tests)");
            putService(new Service(this, "Signature", "SHA256withECDSA", TokenEcdsa.class.getName(), null,
                    Map.of("SupportedKeyClasses", TokenKey.class.getName())));
        }
    }

    /** Registers the provider once; it only ever claims {@link TokenKey}s, so other signing is untouched. */
    static synchronized void install() {
        if (Security.getProvider("KeyboundTestToken") == null) {
            Security.addProvider(new TokenProvider());
        }
    }

    /** A key manager offering one EC client credential whose key is on the token. */
    static X509ExtendedKeyManager keyManager(TokenSession session, KeyRef key, X509Certificate certificate) {
        install();
        TokenKey handle = new TokenKey(session, key);
        return new X509ExtendedKeyManager() {
            @Override
            public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
                return Arrays.asList(keyType).contains("EC") ? "token" : null;
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return chooseEngineClientAlias(keyType, issuers, null);
            }

            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return "EC".equals(keyType) ? new String[] {"token"} : null;
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return null;
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return new X509Certificate[] {certificate};
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return handle;
            }
        };
    }
}
