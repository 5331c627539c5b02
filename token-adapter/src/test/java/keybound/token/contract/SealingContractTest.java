package keybound.token.contract;

import static keybound.token.contract.Contract.open;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import keybound.token.KeyNotFoundException;
import keybound.token.SealingKeyRef;
import keybound.token.Token;
import keybound.token.TokenSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** AES-GCM sealing keys on the token: values sealed and opened there, bound to their data, or refused by type. */
class SealingContractTest {

    private static final byte[] IV = "twelve bytes".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AAD = "keybound-card-v1|0123456789".getBytes(StandardCharsets.US_ASCII);

    static Stream<TokenTarget> targets() {
        return TokenTargets.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void aTokenWithoutSealingKeysRefusesThemByType(TokenTarget target) {
        var key = new SealingKeyRef("00", "sealing");
        Contract.assertRefusedByTypeWhenLacking(target, TokenTarget.Capability.SEALING_KEYS, s -> s.findSealingKey("sealing"),
                s -> s.generateSealingKey("sealing"), s -> s.seal(key, IV, AAD, new byte[1]), s -> s.open(key, IV, AAD, new byte[17]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void aSealedValueOpensOnlyUnderItsKeyIvAndAssociatedData(TokenTarget target) {
        Contract.assume(target, TokenTarget.Capability.SEALING_KEYS);
        try (Token token = target.freshToken(); TokenSession session = open(token, target.userPin())) {
            SealingKeyRef first = session.generateSealingKey("sealing-v1");
            SealingKeyRef second = session.generateSealingKey("sealing-v2");
            byte[] plain = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
            byte[] sealed = session.seal(first, IV, AAD, plain);
            assertEquals(plain.length + 16, sealed.length, "ciphertext and a 128-bit tag");
            assertFalse(Arrays.equals(plain, Arrays.copyOf(sealed, plain.length)));
            assertArrayEquals(plain, session.open(first, IV, AAD, sealed));

            byte[] tampered = sealed.clone();
            tampered[0] ^= 1;
            assertThrows(IllegalArgumentException.class, () -> session.open(first, IV, AAD, tampered));
            assertThrows(IllegalArgumentException.class, () -> session.open(second, IV, AAD, sealed));
            byte[] otherData = "keybound-card-v1|9876543210".getBytes(StandardCharsets.US_ASCII);
            assertThrows(IllegalArgumentException.class, () -> session.open(first, IV, otherData, sealed));
            byte[] otherIv = "twelve bytez".getBytes(StandardCharsets.US_ASCII);
            assertThrows(IllegalArgumentException.class, () -> session.open(first, otherIv, AAD, sealed));
            assertThrows(IllegalArgumentException.class, () -> session.seal(first, new byte[8], AAD, plain));

            assertEquals(Optional.of(first), session.findSealingKey("sealing-v1"));
            assertThrows(IllegalArgumentException.class, () -> session.generateSealingKey("sealing-v1"));
            assertThrows(KeyNotFoundException.class, () -> session.seal(
                    new SealingKeyRef("00112233445566778899aabbccddeeff", "elsewhere"), IV, AAD, plain));
        }
    }
}
