package keybound.testkit.softhsm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * OpenSC's {@code pkcs11-tool} and SoftHSM's {@code softhsm2-util}, run as subprocesses against
 * this JVM's SoftHSM environment: an outside view of the tokens the code under test created.
 */
public final class SoftHsmTools {

    private final SoftHsmEnvironment environment;

    public SoftHsmTools(SoftHsmEnvironment environment) {
        this.environment = environment;
    }

    /** {@code pkcs11-tool --list-objects} on the token, logged in with the user PIN. */
    public String listObjects(String tokenLabel, String userPin) {
        return run(List.of("pkcs11-tool", "--module", environment.module().toString(),
                "--token-label", tokenLabel, "--login", "--pin", userPin, "--list-objects"));
    }

    /** {@code softhsm2-util --show-slots}. */
    public String showSlots() {
        return run(List.of("softhsm2-util", "--show-slots"));
    }

    /** Runs a command with SOFTHSM2_CONF set; returns stdout and stderr, fails on a non-zero exit. */
    public String run(List<String> command) {
        var builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        builder.environment().put(SoftHsmEnvironment.CONFIG_VARIABLE, environment.config().toString());
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command.get(0) + " exited with " + process.exitValue() + ":\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }
}
