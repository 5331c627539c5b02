package keybound.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import keybound.bankapi.BankApi;
import keybound.bankapi.ProblemCode;
import keybound.token.Secret;
import org.junit.jupiter.api.Test;

/** Secrets in request bodies through the server's {@link JsonCodec}; the Jackson module itself: keybound.bankapi.SecretJsonTest. */
class SecretBodiesTest {

    private final JsonCodec codec = new JsonCodec();

    @Test
    void aSecretIsWrittenAsAJsonStringAndReadBack() {
        byte[] json = codec.write(new BankApi.ChangeUser("U01", Secret.of("48\"21\u00e9")));
        assertEquals("{\"userId\":\"U01\",\"confirmationPin\":\"48\\\"21\u00e9\"}", new String(json, StandardCharsets.UTF_8));

        try (BankApi.ChangeUser read = codec.read(json, BankApi.ChangeUser.class)) {
            assertEquals("U01", read.userId());
            assertTrue(read.confirmationPin().matches(Secret.of("48\"21\u00e9")), "escapes are decoded into the secret");
        }
    }

    @Test
    void closingTheBodyWipesItsSecrets() {
        BankApi.SecondStepAnswer answer = codec.read(
                "{\"attempt\":\"a\",\"contractPin\":\"1234\",\"cardDigits\":\"5678\"}".getBytes(StandardCharsets.UTF_8),
                BankApi.SecondStepAnswer.class);
        assertNull(answer.userPin());
        answer.close();
        assertTrue(answer.contractPin().isClosed());
        assertTrue(answer.cardDigits().isClosed());
    }

    @Test
    void aSecretThatIsNotAStringIsAnInvalidField() {
        ApiProblem problem = assertThrows(ApiProblem.class,
                () -> codec.read("{\"confirmationPin\":7391}".getBytes(StandardCharsets.UTF_8), BankApi.TotpRequest.class));
        assertEquals(ProblemCode.INVALID_FIELD, problem.code());
        assertEquals("Invalid field: confirmationPin", problem.detail());
    }
}
