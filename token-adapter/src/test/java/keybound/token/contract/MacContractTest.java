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
import keybound.token.MacKeyRef;
import keybound.token.Token;
import keybound.token.TokenSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** HMAC-SHA256 keys on the token: made, found again and used alike everywhere, or refused by type. */
class MacContractTest {

    static Stream<TokenTarget> targets() {
        return TokenTargets.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void aTokenWithoutMacKeysRefusesThemByType(TokenTarget target) {
        Contract.assertRefusedByTypeWhenLacking(target, TokenTarget.Capability.MAC_KEYS, s -> s.findMacKey("verifier"),
                s -> s.generateMacKey("verifier"), s -> s.mac(new MacKeyRef("00", "verifier"), new byte[1]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void macsAreDeterministicPerKeyAndDifferBetweenKeysAndMessages(TokenTarget target) {
        Contract.assume(target, TokenTarget.Capability.MAC_KEYS);
        try (Token token = target.freshToken(); TokenSession session = open(token, target.userPin())) {
            MacKeyRef first = session.generateMacKey("verifier-v1");
            MacKeyRef second = session.generateMacKey("verifier-v2");
            byte[] data = "salt|secret".getBytes(StandardCharsets.UTF_8);
            byte[] mac = session.mac(first, data);
            assertEquals(32, mac.length);
            assertArrayEquals(mac, session.mac(first, data));
            assertFalse(Arrays.equals(mac, session.mac(second, data)));
            assertFalse(Arrays.equals(mac, session.mac(first, "salt|secreT".getBytes(StandardCharsets.UTF_8))));
            assertEquals(Optional.of(first), session.findMacKey("verifier-v1"));
            assertThrows(IllegalArgumentException.class, () -> session.generateMacKey("verifier-v1"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void aMacKeyFromAnotherTokenIsNotFound(TokenTarget target) {
        Contract.assume(target, TokenTarget.Capability.MAC_KEYS);
        try (Token token = target.freshToken(); TokenSession session = open(token, target.userPin())) {
            var absent = new MacKeyRef("00112233445566778899aabbccddeeff", "elsewhere");
            assertThrows(KeyNotFoundException.class, () -> session.mac(absent, new byte[] {1}));
        }
    }
}
