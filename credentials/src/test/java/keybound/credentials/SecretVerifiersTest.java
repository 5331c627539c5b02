package keybound.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import keybound.credentials.fixture.SoftwareVerifierKey;
import keybound.token.Secret;
import org.junit.jupiter.api.Test;

/**
 * The verifier format and its rules, with a software HMAC standing in for the token (the token
 * itself is tested end to end in the issuer's TokenKeyedVerifierTest).
 */
class SecretVerifiersTest {

    private final SecretHasher argon2 = new SecretHasher(HashParameters.testing());
    private final VerifierKey v1 = new SoftwareVerifierKey("verifier-1");
    private final VerifierKey v2 = new SoftwareVerifierKey("verifier-2");

    @Test
    void aVerifierNamesItsKeyAndAcceptsOnlyTheRightSecret() {
        var verifiers = new SecretVerifiers(v1, List.of(), argon2);
        String stored = verifiers.create(Secret.of("123456"));
        assertTrue(stored.matches("\\$hmac-sha256\\$k=verifier-1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), stored);
        assertTrue(verifiers.verify(Secret.of("123456"), stored));
        assertFalse(verifiers.verify(Secret.of("123457"), stored));
        assertFalse(verifiers.verify(Secret.of(""), stored));
        assertNotEquals(stored, verifiers.create(Secret.of("123456")), "a fresh salt each time");
        assertEquals("verifier-1", SecretVerifiers.version(stored));
        assertFalse(verifiers.needsRekey(stored));
    }

    @Test
    void olderFormsAreCheckedAsTheyAreAndMarkedForReKeying() {
        String argon = argon2.hash(Secret.of("secret"));
        String old = new SecretVerifiers(v1, List.of(), argon2).create(Secret.of("secret"));
        var rotated = new SecretVerifiers(v2, List.of(v1), argon2);
        assertTrue(rotated.verify(Secret.of("secret"), argon));
        assertTrue(rotated.verify(Secret.of("secret"), old));
        assertFalse(rotated.verify(Secret.of("Secret"), old));
        assertTrue(rotated.needsRekey(argon));
        assertTrue(rotated.needsRekey(old));
        assertEquals(SecretVerifiers.ARGON2ID, SecretVerifiers.version(argon));
        assertEquals("verifier-2", rotated.currentVersion());
    }

    @Test
    void anyOfSeveralVerifiersIsCheckedWithEveryOneComputed() {
        var verifiers = new SecretVerifiers(v2, List.of(v1), argon2);
        String first = new SecretVerifiers(v1, List.of(), argon2).create(Secret.of("key-one"));
        String second = verifiers.create(Secret.of("key-two"));
        String argon = argon2.hash(Secret.of("key-three"));
        List<String> all = List.of(first, second, argon);
        assertTrue(verifiers.verifyAny(Secret.of("key-one"), all));
        assertTrue(verifiers.verifyAny(Secret.of("key-three"), all));
        assertFalse(verifiers.verifyAny(Secret.of("key-four"), all));
        assertFalse(verifiers.verifyAny(Secret.of("key-one"), List.of()));
        // A match does not stop the checks: a verifier whose key is gone still makes the answer unavailable.
        String underAnother = new SecretVerifiers(new SoftwareVerifierKey("verifier-3"), List.of(), argon2).create(Secret.of("x"));
        assertThrows(VerifierUnavailableException.class,
                () -> verifiers.verifyAny(Secret.of("key-one"), List.of(first, underAnother)));
    }

    @Test
    void onlyVerifiersTheseKeysCanCheckAreCheckable() {
        var verifiers = new SecretVerifiers(v2, List.of(v1), argon2);
        verifiers.requireCheckable(new SecretVerifiers(v1, List.of(), argon2).create(Secret.of("s")));
        verifiers.requireCheckable(argon2.hash(Secret.of("s")));
        String underAnother = new SecretVerifiers(new SoftwareVerifierKey("verifier-3"), List.of(), argon2).create(Secret.of("s"));
        var refused = assertThrows(IllegalArgumentException.class, () -> verifiers.requireCheckable(underAnother));
        assertTrue(refused.getMessage().contains("verifier-3"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> verifiers.requireCheckable("not-a-verifier"));
        assertThrows(IllegalArgumentException.class, () -> verifiers.requireCheckable("$hmac-sha256$k=verifier-1$x$y"));
    }

    @Test
    void aVerifierUnderAKeyNotConfiguredIsUnavailableNotWrong() {
        String stored = new SecretVerifiers(v1, List.of(), argon2).create(Secret.of("secret"));
        assertThrows(VerifierUnavailableException.class,
                () -> new SecretVerifiers(v2, List.of(), argon2).verify(Secret.of("secret"), stored));
    }

    @Test
    void aKeyThatFailsMakesTheCheckUnavailable() {
        VerifierKey broken = new VerifierKey() {
            @Override
            public String label() {
                return "verifier-1";
            }

            @Override
            public byte[] mac(byte[] data) {
                return new byte[20];
            }
        };
        String stored = new SecretVerifiers(v1, List.of(), argon2).create(Secret.of("secret"));
        assertThrows(VerifierUnavailableException.class,
                () -> new SecretVerifiers(broken, List.of(), argon2).verify(Secret.of("secret"), stored));
    }

    @Test
    void malformedVerifiersAndLabelsAreRefused() {
        var verifiers = new SecretVerifiers(v1, List.of(), argon2);
        String good = verifiers.create(Secret.of("secret"));
        for (String bad : List.of("$hmac-sha256$k=verifier-1$AAAA$AAAA", "$hmac-sha256$k=$x$y",
                good + "$extra", "$hmac-sha256$k=verifier-1$!!$" + good.substring(good.lastIndexOf('$') + 1),
                "$hmac-sha256$k=" + "x".repeat(600))) {
            assertThrows(IllegalArgumentException.class, () -> verifiers.verify(Secret.of("secret"), bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new SecretVerifiers(new SoftwareVerifierKey("has$dollar"), List.of(), argon2));
        assertThrows(IllegalArgumentException.class, () -> new SecretVerifiers(v1, List.of(new SoftwareVerifierKey("verifier-1")), argon2));
    }

    @Test
    void withoutAKeyNewVerifiersAreArgon2idAsBefore() {
        var legacy = SecretVerifiers.argon2Only(argon2);
        String stored = legacy.create(Secret.of("secret"));
        assertTrue(stored.startsWith("$argon2id$"));
        assertTrue(legacy.verify(Secret.of("secret"), stored));
        assertFalse(legacy.needsRekey(stored));
        assertEquals(SecretVerifiers.ARGON2ID, legacy.currentVersion());
    }
}
