package keybound.cli.station;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import keybound.cli.CliRun;
import keybound.cli.Main;
import keybound.testkit.softhsm.SoftHsmEnvironment;

/**
 * A copy of the SoftHSM token files as they are at one moment, so that a key the station deletes
 * (migrate, renew) can be brought back to show the bank refuses its retired certificate. SoftHSM
 * reads its configuration when the library loads, so the copy is used by a keybound process of its own.
 */
public final class SoftHsmBackup {

    private final Path config;

    private SoftHsmBackup(Path config) {
        this.config = config;
    }

    /** Copies the token files under {@code directory}, with a SoftHSM configuration that reads the copy. */
    public static SoftHsmBackup of(SoftHsmEnvironment softHsm, Path directory) throws IOException {
        Path copy = directory.resolve("softhsm-backup");
        try (Stream<Path> files = Files.walk(softHsm.tokenDirectory())) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(softHsm.tokenDirectory().relativize(file).toString()));
            }
        }
        Path config = directory.resolve("softhsm-backup.conf");
        Files.write(config, Files.readAllLines(softHsm.config()).stream()
                .map(line -> line.startsWith("directories.tokendir") ? "directories.tokendir = " + copy : line).toList());
        return new SoftHsmBackup(config);
    }

    /** The SoftHSM configuration that reads the copy (for another process: libsofthsm2 reads it at load time). */
    public Path config() {
        return config;
    }

    /** The keybound command in a process of its own on the copy ({@code device} after the arguments); its standard output is dropped. */
    CliRun launch(Map<String, String> env, List<String> device, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), Main.class.getName()));
        command.addAll(List.of(args));
        command.addAll(device);
        // Standard error goes to a file: reading the pipe would block until the child ends, so the timeout could never fire.
        Path errFile = Files.createTempFile(config.getParent(), "keybound-stderr", ".txt");
        var builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(errFile.toFile());
        builder.environment().putAll(env);
        builder.environment().put(SoftHsmEnvironment.CONFIG_VARIABLE, config.toString());
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("keybound " + String.join(" ", args) + " did not end");
        }
        String err = Files.readString(errFile);
        Files.delete(errFile);
        return new CliRun(process.exitValue(), "", err);
    }
}
