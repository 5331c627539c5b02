package keybound.issuer.refusal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import keybound.bankapi.ProblemCode;
import org.junit.jupiter.api.Test;

/**
 * Every issuer refusal declares its own problem code: a new one added to the sealed hierarchy
 * without a code of its own (or answered with the catch-all {@code invalid-request}) fails here.
 */
class IssuerRefusalCodesTest {

    @Test
    void everyPermittedRefusalDeclaresItsOwnCode() throws Exception {
        List<Class<?>> refusals = leaves(IssuerException.class);
        assertTrue(refusals.size() >= 18, "the hierarchy was walked: " + refusals);
        for (Class<?> refusal : refusals) {
            assertTrue(Modifier.isFinal(refusal.getModifiers()), refusal.getSimpleName() + " is final");
            // declared in the class itself, not inherited: each refusal says its own code
            assertEquals(refusal, refusal.getDeclaredMethod("problem").getDeclaringClass());
            for (Constructor<?> constructor : refusal.getConstructors()) {
                ProblemCode code = instance(constructor).problem();
                assertNotNull(code, refusal.getSimpleName());
                if (refusal != InvalidRequestException.class) {
                    assertNotEquals(ProblemCode.INVALID_REQUEST, code, refusal.getSimpleName() + " falls back to invalid-request");
                }
            }
        }
    }

    @Test
    void onlyTheRequestsOwnFieldsReachTheClient() throws Exception {
        // the request's own fields, and the date renewal opens (which follows from the presented certificate)
        Set<Class<?>> told = Set.of(InvalidRequestException.class, RenewalNotOpenException.class);
        for (Class<?> refusal : leaves(IssuerException.class)) {
            IssuerException e = instance(refusal.getConstructors()[0]);
            assertEquals(told.contains(refusal), e.clientDetail().isPresent(), refusal.getSimpleName());
        }
        assertEquals("contract ID: 6 to 20 digits",
                new InvalidRequestException("contract ID: 6 to 20 digits").clientDetail().orElseThrow());
    }

    @Test
    void attestationRefusalsTellMissingFromInvalid() {
        Set<ProblemCode> codes = EnumSet.noneOf(ProblemCode.class);
        for (AttestationRefusedException.Reason reason : AttestationRefusedException.Reason.values()) {
            codes.add(new AttestationRefusedException(reason, "refused").problem());
        }
        assertEquals(EnumSet.of(ProblemCode.ATTESTATION_REQUIRED, ProblemCode.ATTESTATION_INVALID), codes);
        assertEquals(ProblemCode.ATTESTATION_REQUIRED,
                new AttestationRefusedException(AttestationRefusedException.Reason.MISSING, "none").problem());
    }

    @Test
    void distinctCausesHaveDistinctCodes() throws Exception {
        // a wrong secret and an unknown contract differ here; the HTTPS edge merges them for secret holders
        assertNotEquals(new WrongSecretException("イ", 2).problem(), new UnknownContractException("no such").problem());
        assertFalse(new WrongSecretException("イ", 2).problem().status() < 400);
    }

    /** The concrete classes under a sealed class, however deep. */
    private static List<Class<?>> leaves(Class<?> sealed) {
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> permitted : sealed.getPermittedSubclasses()) {
            if (permitted.isSealed()) {
                out.addAll(leaves(permitted));
            } else {
                out.add(permitted);
            }
        }
        return out;
    }

    /** An instance made with placeholder arguments (texts, zero, an enum's first constant). */
    private static IssuerException instance(Constructor<?> constructor) throws Exception {
        Class<?>[] types = constructor.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            Class<?> type = types[i];
            if (type == String.class) {
                args[i] = "placeholder";
            } else if (type == int.class) {
                args[i] = 0;
            } else if (type.isEnum()) {
                args[i] = type.getEnumConstants()[0];
            } else if (type == Throwable.class) {
                args[i] = new IllegalStateException("cause");
            } else {
                throw new AssertionError("no placeholder for " + type + " in " + constructor);
            }
        }
        return (IssuerException) constructor.newInstance(args);
    }
}
