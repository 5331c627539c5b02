package keybound.token.pkcs11;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.util.Comparator;
import java.util.stream.Stream;
import keybound.testkit.softhsm.SoftHsmEnvironment;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.testkit.softhsm.TokenSpec;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.Secret;
import keybound.token.SignatureAlgorithm;
import keybound.token.TokenNotPresentException;
import keybound.token.TokenSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xipki.pkcs11.wrapper.PKCS11Module;

/**
 * Recovery without restarting the JVM. Another user of the library in this process (a second,
 * raw handle on the same libsofthsm2) pulls the rug: it closes all sessions of the slot, or
 * finalises and re-initialises the whole library, which is what a token going away and coming
 * back looks like to SoftHSM (its slot list is rebuilt and our token gets another slot id).
 */
@ExtendWith(SoftHsmExtension.class)
class RecoveryTest {

    private static final byte[] DATA = "recover me".getBytes();

    @Test
    void aStaleSessionIsReplacedAndTheLoginRestored() throws Exception {
        TokenSpec spec = SoftHsmTokens.create("p11-stale");
        try (Pkcs11Token token = SoftHsmTokens.token(spec); TokenSession session = open(token, spec)) {
            KeyRef key = session.generateKeyPair(KeyAlgorithm.EC_P256, "stale");
            assertVerifies(session, key);

            // Closes every session of the slot: our pooled handles go stale and the token logs out.
            rawModule().getPKCS11Module().C_CloseAllSessions(token.currentSlotId());

            assertVerifies(session, key);
            assertTrue(session.credentials().stream().anyMatch(c -> c.key().equals(key)));
        }
    }

    @Test
    void aLogoutByAnotherUserOfTheLibraryIsUndoneForOpenLeases() throws Exception {
        TokenSpec spec = SoftHsmTokens.create("p11-logout");
        try (Pkcs11Token token = SoftHsmTokens.token(spec); TokenSession session = open(token, spec)) {
            KeyRef key = session.generateKeyPair(KeyAlgorithm.EC_P256, "logged-out");
            assertVerifies(session, key);

            // Login is token-wide: a foreign C_Logout logs our lease out too.
            var foreign = rawModule().getPKCS11Module();
            long foreignSession = foreign.C_OpenSession(token.currentSlotId(), 0x06L, null, null);
            foreign.C_Logout(foreignSession);
            foreign.C_CloseSession(foreignSession);

            assertVerifies(session, key);
            assertTrue(session.find(keybound.token.CredentialQuery.id(key.id())).isPresent());
        }
    }

    @Test
    void aTokenThatWentAwayAndCameBackIsFoundAgainBySerial() throws Exception {
        TokenSpec spec = SoftHsmTokens.create("p11-comeback");
        try (Pkcs11Token token = SoftHsmTokens.token(spec); TokenSession session = open(token, spec)) {
            KeyRef key = session.generateKeyPair(KeyAlgorithm.RSA_2048, "comeback");
            long slotBefore = token.currentSlotId();

            PKCS11Module raw = rawModule();
            raw.finalize(null);   // every session and login of the process is gone
            raw.initialize();     // the library scans its tokens again: new slot ids

            assertVerifies(session, key);
            assertNotEquals(slotBefore, token.currentSlotId(), "SoftHSM gave the token another slot");
        }
    }

    @Test
    void aTokenThatIsReallyGoneIsNotPresent() throws Exception {
        TokenSpec spec = SoftHsmTokens.create("p11-gone");
        try (Pkcs11Token token = SoftHsmTokens.token(spec); TokenSession session = open(token, spec)) {
            KeyRef key = session.generateKeyPair(KeyAlgorithm.EC_P256, "gone");
            String serial = token.info().serial();

            PKCS11Module raw = rawModule();
            raw.finalize(null);
            deleteTokenDirectory(serial);
            raw.initialize();

            assertThrows(TokenNotPresentException.class,
                    () -> session.sign(key, SignatureAlgorithm.SHA256_WITH_ECDSA, DATA));
        }
    }

    private static TokenSession open(Pkcs11Token token, TokenSpec spec) {
        try (Secret pin = Secret.of(spec.userPin())) {
            return token.open(pin);
        }
    }

    private static void assertVerifies(TokenSession session, KeyRef key) throws Exception {
        byte[] signature = session.sign(key, key.algorithm().defaultSignature(), DATA);
        var verifier = Signature.getInstance(key.algorithm().defaultSignature().jcaName());
        verifier.initVerify(session.publicKey(key));
        verifier.update(DATA);
        assertTrue(verifier.verify(signature));
    }

    /** A second handle on the library this JVM already initialised (no C_Initialize of its own). */
    private static PKCS11Module rawModule() throws IOException {
        SoftHsmTokens.module();
        return PKCS11Module.getInstance(SoftHsmEnvironment.current().module().toString());
    }

    /** SoftHSM names a token directory by a UUID whose last 16 hex digits are the serial. */
    private static void deleteTokenDirectory(String serial) throws IOException {
        Path tokens = SoftHsmEnvironment.current().tokenDirectory();
        try (Stream<Path> dirs = Files.list(tokens)) {
            Path dir = dirs.filter(d -> d.getFileName().toString().replace("-", "").endsWith(serial))
                    .findFirst().orElseThrow();
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
