package keybound.token.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.testkit.softhsm.TokenSpec;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyNotFoundException;
import keybound.token.KeyRef;
import keybound.token.MacKeyRef;
import keybound.token.Secret;
import keybound.token.TokenSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Certified keys sign through SunPKCS11, bare keys through the IAIK wrapper; both give JCA's output. */
@ExtendWith(SoftHsmExtension.class)
class SunPkcs11RouteTest {

    private static final byte[] MESSAGE = "route".getBytes(StandardCharsets.UTF_8);

    @Test
    void aCertifiedKeySignsThroughSunPkcs11AndABareKeyThroughIaik() throws Exception {
        TokenSpec spec = SoftHsmTokens.create("route");
        try (Pkcs11Token token = SoftHsmTokens.token(spec); Secret pin = Secret.of(spec.userPin());
             TokenSession session = token.open(pin)) {
            for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
                KeyRef key = session.generateKeyPair(algorithm, "route-" + algorithm);
                assertTrue(verifies(session, key, session.sign(key, algorithm.defaultSignature(), MESSAGE)));
                assertFalse(token.keyHandles().route().signsThrough(key.id()), "no certificate yet: IAIK signs");

                SoftHsmTokens.selfCertify(session, key);
                assertTrue(verifies(session, key, session.sign(key, algorithm.defaultSignature(), MESSAGE)));
                assertTrue(token.keyHandles().route().signsThrough(key.id()), algorithm + " certified: SunPKCS11 signs");
            }
        }
    }

    @Test
    void aNewLoginAfterTheLastLeaseClosedGetsFreshHandles() throws Exception {
        TokenSpec spec = SoftHsmTokens.create("route-relogin");
        KeyRef key;
        try (Pkcs11Token token = SoftHsmTokens.token(spec)) {
            try (Secret pin = Secret.of(spec.userPin()); TokenSession session = token.open(pin)) {
                key = session.generateKeyPair(KeyAlgorithm.EC_P256, "relogin");
                SoftHsmTokens.selfCertify(session, key);
                session.sign(key, KeyAlgorithm.EC_P256.defaultSignature(), MESSAGE);
                assertTrue(token.keyHandles().route().signsThrough(key.id()));
            } // the last lease logs the token out: SoftHSM drops every private-object handle
            try (Secret pin = Secret.of(spec.userPin()); TokenSession session = token.open(pin)) {
                assertTrue(verifies(session, key, session.sign(key, KeyAlgorithm.EC_P256.defaultSignature(), MESSAGE)));
                assertTrue(token.keyHandles().route().signsThrough(key.id()), "the route found the key again");
            }
        }
    }

    @Test
    void aDeletedCertifiedKeyIsNotFoundOnEitherRoute() throws Exception {
        TokenSpec spec = SoftHsmTokens.create("route-delete");
        try (Pkcs11Token token = SoftHsmTokens.token(spec); Secret pin = Secret.of(spec.userPin());
             TokenSession session = token.open(pin)) {
            KeyRef key = session.generateKeyPair(KeyAlgorithm.EC_P256, "deleted");
            SoftHsmTokens.selfCertify(session, key);
            session.sign(key, KeyAlgorithm.EC_P256.defaultSignature(), MESSAGE);
            session.delete(key);
            assertThrows(KeyNotFoundException.class, () -> session.sign(key, KeyAlgorithm.EC_P256.defaultSignature(), MESSAGE));
        }
    }

    /**
     * A MAC key MACs through SunPKCS11, to the same bytes as the IAIK wrapper's C_Sign with the same
     * key; after a new login, the route finds it again; a MAC key that is not on the token is the
     * IAIK route's to refuse.
     */
    @Test
    void aMacKeyMacsThroughSunPkcs11AsThroughIaik() throws Exception {
        TokenSpec spec = SoftHsmTokens.create("route-mac");
        try (Pkcs11Token token = SoftHsmTokens.token(spec)) {
            MacKeyRef key;
            byte[] first;
            try (Secret pin = Secret.of(spec.userPin()); TokenSession session = token.open(pin)) {
                key = session.generateMacKey("route-mac");
                first = session.mac(key, MESSAGE);
                assertTrue(token.keyHandles().route().signsThrough(key.id()), "SunPKCS11 MACs");
                byte[] iaik = token.call("mac", s -> MacKeys.mac(s, MacKeys.findById(s, key.idBytes()).orElseThrow(), MESSAGE));
                assertArrayEquals(iaik, first);
                assertFalse(Arrays.equals(first, session.mac(key, "other".getBytes(StandardCharsets.UTF_8))));
                MacKeyRef missing = new MacKeyRef("00ff", "no-such-key");
                assertThrows(KeyNotFoundException.class, () -> session.mac(missing, MESSAGE));
                MacKeyRef otherId = new MacKeyRef("00ff", key.label());
                assertThrows(KeyNotFoundException.class, () -> session.mac(otherId, MESSAGE), "the label's key has another id");
            } // the last lease logs the token out: SoftHSM drops every private-object handle
            try (Secret pin = Secret.of(spec.userPin()); TokenSession session = token.open(pin)) {
                assertArrayEquals(first, session.mac(key, MESSAGE));
                assertTrue(token.keyHandles().route().signsThrough(key.id()), "the route found the key again");
            }
        }
    }

    /** A sealing key with the MAC key's label never MACs in its place, on either route. */
    @Test
    void aSealingKeyWithTheSameLabelDoesNotMacForTheMacKey() throws Exception {
        TokenSpec spec = SoftHsmTokens.create("route-mac-shared");
        try (Pkcs11Token token = SoftHsmTokens.token(spec); Secret pin = Secret.of(spec.userPin());
             TokenSession session = token.open(pin)) {
            MacKeyRef key = session.generateMacKey("shared-label");
            session.generateSealingKey("shared-label");
            byte[] iaik = token.call("mac", s -> MacKeys.mac(s, MacKeys.findById(s, key.idBytes()).orElseThrow(), MESSAGE));
            assertArrayEquals(iaik, session.mac(key, MESSAGE));
            assertArrayEquals(iaik, session.mac(key, MESSAGE), "and again, from what the route remembered");
        }
    }

    private static boolean verifies(TokenSession session, KeyRef key, byte[] signature) throws Exception {
        PublicKey publicKey = session.publicKey(key);
        var verifier = Signature.getInstance(key.algorithm().defaultSignature().jcaName());
        verifier.initVerify(publicKey);
        verifier.update(MESSAGE);
        return verifier.verify(signature);
    }
}
