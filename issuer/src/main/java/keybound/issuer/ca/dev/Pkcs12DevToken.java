package keybound.issuer.ca.dev;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Objects;
import keybound.issuer.store.OwnerOnlyFiles;
import keybound.token.PinState;
import keybound.token.Secret;
import keybound.token.Token;
import keybound.token.TokenInfo;
import keybound.token.TokenKind;
import keybound.token.TokenSession;
import keybound.token.WrongPinException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Token} over a PKCS#12 file, so that a development CA signs through exactly the same
 * Token API as the real one on a PKCS#11 token. FOR DEVELOPMENT ONLY: the CA key is in a file,
 * protected only by the key store password (the "PIN"), and it says so in the log on every open.
 */
public final class Pkcs12DevToken implements Token {

    private static final Logger LOG = LoggerFactory.getLogger(Pkcs12DevToken.class);
    private final Path file;
    private final String label;

    public Pkcs12DevToken(Path file, String label) {
        this.file = Objects.requireNonNull(file, "file");
        this.label = Objects.requireNonNull(label, "label");
    }

    @Override
    public TokenInfo info() {
        return new TokenInfo(TokenKind.PKCS11, label, serial(), "PKCS#12 file (development only)", "keybound",
                PinState.UNKNOWN_OK);
    }

    @Override
    public TokenSession open(Secret pin) {
        LOG.warn("DEVELOPMENT ONLY: the CA key store {} is a PKCS#12 file, not a hardware token", file);
        KeyStore store = pin.withChars(this::load);
        return new Pkcs12DevSession(this, store, pin.copy());
    }

    private KeyStore load(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    store.load(in, password);
                } catch (IOException e) {
                    // PKCS#12 reports a wrong password as an IOException (MAC check failed)
                    throw new WrongPinException(info().displayName(), -1);
                }
            } else {
                store.load(null, password);
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot open the development key store " + file.getFileName(), e);
        }
    }

    @Override
    public void changePin(Secret oldPin, Secret newPin) {
        throw new UnsupportedOperationException("the development key store's password is fixed");
    }

    @Override
    public void unblockPin(Secret unblockSecret, Secret newPin) {
        throw new UnsupportedOperationException("a development key store has no unblock secret");
    }

    @Override
    public void close() {
        // nothing native to release
    }

    synchronized void save(KeyStore store, char[] password) {
        try {
            // it holds the CA's private keys: 0600 from its first byte, like the bank's other key stores
            Path temp = OwnerOnlyFiles.newFile(file.resolveSibling(file.getFileName() + ".tmp"));
            try (OutputStream out = Files.newOutputStream(temp)) {
                store.store(out, password);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write the development key store " + file.getFileName(), e);
        }
    }

    private String serial() {
        return new BigInteger(1, file.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8))
                .mod(BigInteger.valueOf(1L << 48)).toString(16);
    }

    static PrivateKey privateKey(KeyStore store, String alias, char[] password) throws GeneralSecurityException {
        return (PrivateKey) store.getKey(alias, password);
    }

    static X509Certificate certificate(KeyStore store, String alias) throws GeneralSecurityException {
        Certificate cert = store.getCertificate(alias);
        return (X509Certificate) cert;
    }
}
