package keybound.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import keybound.token.Secret;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

class SecretHasherTest {

    private final SecretHasher hasher = new SecretHasher(HashParameters.testing());

    @Test
    void verifiesTheRightSecretAndRefusesAWrongOne() {
        String stored = hasher.hash(Secret.of("483920"));
        assertTrue(hasher.verify(Secret.of("483920"), stored));
        assertFalse(hasher.verify(Secret.of("483921"), stored));
        assertFalse(hasher.verify(Secret.of(""), stored));
    }

    @Test
    void saltsEveryHash() {
        assertNotEquals(hasher.hash(Secret.of("1234")), hasher.hash(Secret.of("1234")));
    }

    @Test
    void storedStringCarriesItsParametersAndNoSecret() {
        String stored = new SecretHasher(new HashParameters(128, 2, 1)).hash(Secret.of("s3cret-value"));
        assertTrue(stored.startsWith("$argon2id$v=19$m=128,t=2,p=1$"), stored);
        assertFalse(stored.contains("s3cret"));
        // another hasher with other parameters still verifies it with the stored ones
        assertTrue(hasher.verify(Secret.of("s3cret-value"), stored));
        assertTrue(hasher.needsRehash(stored));
        assertFalse(hasher.needsRehash(hasher.hash(Secret.of("x"))));
    }

    @Test
    void isArgon2idAsSpecified() {
        // recompute the stored hash independently from its salt: the format is the PHC one, so
        // other Argon2id implementations can check our hashes
        String stored = hasher.hash(Secret.of("password"));
        String[] parts = stored.split("\\$");
        byte[] salt = java.util.Base64.getDecoder().decode(parts[4]);
        var gen = new Argon2BytesGenerator();
        gen.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(0x13)
                .withMemoryAsKB(64).withIterations(1).withParallelism(1).withSalt(salt).build());
        byte[] expected = new byte[32];
        gen.generateBytes("password".getBytes(java.nio.charset.StandardCharsets.UTF_8), expected);
        assertEquals(HexFormat.of().formatHex(expected),
                HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(parts[5])));
    }

    @Test
    void refusesSomethingThatIsNotAHash() {
        assertThrows(IllegalArgumentException.class, () -> hasher.verify(Secret.of("x"), "plain"));
        assertThrows(IllegalArgumentException.class, () -> hasher.verify(Secret.of("x"), "$argon2i$v=19$m=64,t=1,p=1$AA$AA"));
    }

    @Test
    void generatorMakesDigitsOfTheAskedLength() {
        var generator = new SecretGenerator();
        String digits = generator.digits(10).withChars(String::new);
        assertTrue(digits.matches("[0-9]{10}"), digits);
        assertTrue(generator.identifier(8).matches("[0-9]{8}"));
        assertTrue(generator.password(12).withChars(String::new).matches("[A-HJ-NP-Za-km-z2-9]{12}"));
    }
}
