package keybound.logon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import keybound.bankapi.ProblemCode;
import org.junit.jupiter.api.Test;

/** Each denial declares what the client is told; the factors of a wrong answer are never told apart. */
class DenialReasonTest {

    @Test
    void everyReasonHasAnAuthenticationFailureCode() {
        for (DenialReason reason : DenialReason.values()) {
            ProblemCode code = reason.problem();
            assertNotNull(code, reason.name());
            assertTrue(code.status() == 401 || code.status() == 403, reason + " answers " + code.status());
        }
    }

    @Test
    void wrongAnswersOfAnyFactorLookAlike() {
        for (DenialReason reason : EnumSet.of(DenialReason.WRONG_SECRET, DenialReason.WRONG_ONE_TIME_PASSWORD,
                DenialReason.ONE_TIME_PASSWORD_REPLAYED, DenialReason.WRONG_KIND_OF_ANSWER, DenialReason.PASSWORD_METHOD_CLOSED)) {
            assertEquals(ProblemCode.CREDENTIALS_REJECTED, reason.problem(), reason.name());
        }
    }
}
