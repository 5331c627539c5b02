package keybound.token.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import keybound.testkit.softhsm.TokenSpec;
import org.junit.jupiter.api.Test;

/**
 * {@code softhsm-config/init-token.sh} creates a token from the templates in a state folder of
 * its own, which a separate process (pkcs11-tool) then sees; a second run with the same label
 * is refused.
 */
class InitTokenScriptTest {

    private static final Path SCRIPT = Path.of("..", "softhsm-config", "init-token.sh");

    record Run(int exit, String output) {
    }

    @Test
    void theScriptCreatesATokenOthersCanSeeAndRefusesADuplicate() throws Exception {
        Path state = Files.createDirectories(Path.of("target", "init-token-script"));
        TokenSpec spec = TokenSpec.fresh("script");

        Run first = run(List.of("bash", SCRIPT.toString(), state.toString(), spec.label()), null);
        assertEquals(0, first.exit(), first.output());
        Path config = state.toAbsolutePath().resolve("softhsm2.conf");
        assertTrue(first.output().contains("export SOFTHSM2_CONF=" + config));
        assertTrue(Files.readString(config).contains("directories.tokendir = " + state.toAbsolutePath().resolve("tokens")));

        Run listing = run(List.of("pkcs11-tool", "--module", Pkcs11Module.SOFTHSM_DEBIAN.toString(), "--list-token-slots"),
                config);
        assertEquals(0, listing.exit(), listing.output());
        assertTrue(listing.output().contains(spec.label()), listing.output());

        Run again = run(List.of("bash", SCRIPT.toString(), state.toString(), spec.label()), null);
        assertEquals(4, again.exit(), again.output());
    }

    @Test
    void withoutTheTokenPinTheScriptRefusesAndNamesTheVariable() throws Exception {
        Path state = Files.createDirectories(Path.of("target", "init-token-script-nopin"));
        var builder = new ProcessBuilder("bash", SCRIPT.toString(), state.toString(), TokenSpec.fresh("nopin").label())
                .redirectErrorStream(true);
        builder.environment().put("KEYBOUND_SO_PIN", TokenSpec.TEST_SO_PIN);
        builder.environment().remove("KEYBOUND_TOKEN_PIN");
        Run refused = finish(builder, "init-token.sh without KEYBOUND_TOKEN_PIN");
        assertTrue(refused.exit() != 0 && refused.output().contains("KEYBOUND_TOKEN_PIN"), refused.output());
        assertTrue(!Files.exists(state.resolve("softhsm2.conf")), "nothing is created");
    }

    private static Run run(List<String> command, Path softhsmConfig) throws IOException, InterruptedException {
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("KEYBOUND_SO_PIN", TokenSpec.TEST_SO_PIN);
        builder.environment().put("KEYBOUND_TOKEN_PIN", TokenSpec.TEST_USER_PIN);
        if (softhsmConfig != null) {
            builder.environment().put("SOFTHSM2_CONF", softhsmConfig.toString());
        }
        return finish(builder, command.toString());
    }

    private static Run finish(ProcessBuilder builder, String what) throws IOException, InterruptedException {
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(what + " did not finish");
        }
        return new Run(process.exitValue(), output);
    }
}
