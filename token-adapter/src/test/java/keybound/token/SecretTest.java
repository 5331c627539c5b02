package keybound.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void lentCharactersAreZeroedOnceTheFunctionReturns() {
        AtomicReference<char[]> kept = new AtomicReference<>();
        try (Secret secret = Secret.of("482913")) {
            int length = secret.withChars(chars -> {
                assertArrayEquals("482913".toCharArray(), chars);
                kept.set(chars);
                return chars.length;
            });
            assertEquals(6, length);
            assertArrayEquals(new char[6], kept.get(), "the lent array is wiped after use");
            assertTrue(secret.matches(Secret.of("482913")), "the secret itself is untouched");
        }
    }

    @Test
    void lentCharactersAreZeroedWhenTheFunctionThrows() {
        AtomicReference<char[]> kept = new AtomicReference<>();
        Secret secret = Secret.of("482913");
        var failure = new IllegalStateException("refused");
        assertSame(failure, assertThrows(IllegalStateException.class, () -> secret.useChars(chars -> {
            kept.set(chars);
            throw failure;
        })));
        assertArrayEquals(new char[6], kept.get());
    }

    @Test
    void eachLoanIsAFreshArraySoABorrowerCannotChangeTheSecret() {
        Secret secret = Secret.of("1234");
        secret.useChars(chars -> chars[0] = 'X');
        assertTrue(secret.matches(Secret.of("1234")));
    }

    @Test
    void closeWipesItsOwnCopyAndRefusesLaterLoans() throws Exception {
        Secret secret = Secret.of("987654");
        char[] inside = internal(secret);
        secret.close();
        assertArrayEquals(new char[6], inside, "close zeroes the secret's own array");
        assertTrue(secret.isClosed());
        assertThrows(IllegalStateException.class, () -> secret.withChars(String::new));
        assertThrows(IllegalStateException.class, secret::copy);
        secret.close(); // idempotent
    }

    @Test
    void madeFromAnArrayItKeepsItsOwnCopy() {
        char[] typed = "2468".toCharArray();
        try (Secret secret = Secret.of(typed)) {
            Secret.wipe(typed);
            assertArrayEquals(new char[4], typed);
            assertTrue(secret.matches(Secret.of("2468")));
        }
    }

    @Test
    void madeFromARangeOfABufferItHoldsThatRangeOnly() {
        char[] buffer = "{\"pin\":\"5150\"}".toCharArray();
        try (Secret secret = Secret.of(buffer, 8, 4)) {
            assertTrue(secret.matches(Secret.of("5150")));
            assertEquals(4, secret.length());
        }
    }

    @Test
    void neverPrintsItsValue() {
        Secret secret = Secret.of("987654");
        assertEquals("Secret[****]", secret.toString());
        assertFalse(String.valueOf(secret).contains("987654"));
    }

    @Test
    void matchesComparesTheWholeValue() {
        Secret secret = Secret.of("123456");
        assertTrue(secret.matches(Secret.of("123456")));
        assertFalse(secret.matches(Secret.of("123457")), "last character differs");
        assertFalse(secret.matches(Secret.of("023456")), "first character differs");
        assertFalse(secret.matches(Secret.of("12345")), "a prefix is not the secret");
        assertFalse(secret.matches(Secret.of("1234560")), "nor is a longer value");
        assertFalse(secret.matches(Secret.of("")));
        assertTrue(Secret.of("").matches(Secret.of("")));
        assertFalse(Secret.of("\0").matches(Secret.of("")), "a NUL is not padding");
    }

    @Test
    void aCopyIsIndependentOfItsOriginal() {
        Secret original = Secret.of("1357");
        Secret copy = original.copy();
        original.close();
        assertTrue(copy.matches(Secret.of("1357")));
        assertFalse(copy.isClosed());
    }

    @Test
    void concatenationJoinsPartsInOrder() {
        try (Secret joined = Secret.concat(List.of(Secret.of("12"), Secret.of(""), Secret.of("345")))) {
            assertTrue(joined.matches(Secret.of("12345")));
        }
    }

    @Test
    void closeAllSkipsAbsentSecrets() {
        Secret a = Secret.of("1");
        Secret b = Secret.of("2");
        Secret.closeAll(a, null, b);
        assertTrue(a.isClosed());
        assertTrue(b.isClosed());
    }

    /** The secret's own array, read by reflection to prove that close zeroes it, not just a flag. */
    private static char[] internal(Secret secret) throws ReflectiveOperationException {
        Field field = Secret.class.getDeclaredField("chars");
        field.setAccessible(true);
        return (char[]) field.get(secret);
    }
}
