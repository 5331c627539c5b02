package keybound.cli.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import keybound.cli.ExitCode;
import keybound.cli.Main;
import keybound.cli.Secrets;
import keybound.testkit.softhsm.SoftHsmEnvironment;
import keybound.testkit.softhsm.SoftHsmExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code keybound token ...} in-process against real SoftHSM tokens. */
@ExtendWith(SoftHsmExtension.class)
class TokenCommandTest {

    private String module;
    private String label;

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void setUp(SoftHsmEnvironment softhsm) {
        module = softhsm.module().toString();
        label = "cli-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
    }

    private Run run(Map<String, String> env, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Main.run(new Secrets(env, InputStream.nullInputStream()), new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    private Run init() {
        return run(Map.of("KEYBOUND_SO_PIN", "so-87654321", "KEYBOUND_TOKEN_PIN", "111111"),
                "token", "init", "--module", module, label);
    }

    private Run infoWithPin(String pin) {
        return run(Map.of("KEYBOUND_TOKEN_PIN", pin), "token", "info", "--module", module, "--token", label, "--credentials");
    }

    @Test
    void initListInfoChangeAndUnblock() {
        Run created = init();
        assertEquals(ExitCode.OK, created.code(), created.err());
        assertTrue(created.out().contains(label));

        Run listed = run(Map.of(), "token", "list", "--module", module);
        assertEquals(ExitCode.OK, listed.code(), listed.err());
        assertTrue(listed.out().contains(label) && listed.out().contains("PIN ok"), listed.out());

        Run info = infoWithPin("111111");
        assertEquals(ExitCode.OK, info.code(), info.err());

        Run changed = run(Map.of("KEYBOUND_TOKEN_PIN", "111111", "KEYBOUND_NEW_TOKEN_PIN", "222222"),
                "token", "change-pin", "--module", module, "--token", label);
        assertEquals(ExitCode.OK, changed.code(), changed.err());

        Run oldPin = infoWithPin("111111");
        assertEquals(ExitCode.WRONG_SECRET, oldPin.code(), oldPin.err());
        assertOneLine(oldPin.err());
        assertFalse(oldPin.err().contains("111111"), "the PIN must not be echoed");
        assertEquals(ExitCode.OK, infoWithPin("222222").code());

        Run unblocked = run(Map.of("KEYBOUND_SO_PIN", "so-87654321", "KEYBOUND_NEW_TOKEN_PIN", "333333"),
                "token", "unblock", "--module", module, "--token", label);
        assertEquals(ExitCode.OK, unblocked.code(), unblocked.err());
        assertEquals(ExitCode.OK, infoWithPin("333333").code());
    }

    @Test
    void unknownTokenMissingModuleAndMissingSecretEndInOneLine() {
        Run unknown = run(Map.of(), "token", "info", "--module", module, "--token", "no-such-token");
        assertEquals(ExitCode.TOKEN_ABSENT, unknown.code());
        assertOneLine(unknown.err());

        Run noModule = run(Map.of(), "token", "list", "--module", "/nonexistent/libpkcs11.so");
        assertEquals(ExitCode.TOKEN_ABSENT, noModule.code());
        assertOneLine(noModule.err());

        Run noToken = run(Map.of(), "token", "info", "--module", module);
        assertEquals(ExitCode.USAGE, noToken.code());
        assertOneLine(noToken.err());

        assertEquals(ExitCode.OK, init().code());
        Run noPin = run(Map.of(), "token", "info", "--module", module, "--token", label, "--credentials");
        assertEquals(ExitCode.USAGE, noPin.code(), noPin.err());
        assertTrue(noPin.err().contains("KEYBOUND_TOKEN_PIN"), noPin.err());
    }

    private static void assertOneLine(String err) {
        assertEquals(1, err.strip().lines().count(), "one line expected, got: " + err);
        assertTrue(err.startsWith("keybound: "), err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
    }
}
