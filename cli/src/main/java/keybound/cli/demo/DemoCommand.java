package keybound.cli.demo;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import keybound.cli.CliException;
import keybound.cli.ExitCode;
import keybound.token.pkcs11.Pkcs11Module;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code keybound demo}: plays the manual's story on a fresh SoftHSM token directory. The
 * {@code ./keybound} launcher creates that directory and sets {@code SOFTHSM2_CONF} before the JVM
 * starts, because libsofthsm2 reads it from the process environment.
 */
@Command(name = "demo", description = "Play the bank's manual end to end on embedded defaults (use ./keybound demo).",
        mixinStandardHelpOptions = true)
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--work-dir", required = true, paramLabel = "DIR",
            description = "fresh directory for tokens and data (./keybound demo makes and removes one)")
    Path workDir;

    @Option(names = "--module", paramLabel = "PATH", defaultValue = "/usr/lib/softhsm/libsofthsm2.so",
            description = "SoftHSM library (default: ${DEFAULT-VALUE})")
    Path module;

    @Option(names = "--keep", description = "leave the bank running after the story and print its logon page's URL"
            + " and the demo's secrets, to try the web pages in a browser (Ctrl-C stops it)")
    boolean keep;

    @Spec CommandSpec spec;

    private final Clock clock;

    DemoCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null || !Path.of(conf).toAbsolutePath().startsWith(workDir.toAbsolutePath()) || !Files.exists(Path.of(conf))) {
            throw new CliException(ExitCode.CONFIG, "The demo needs its own SoftHSM configuration under --work-dir;"
                    + " run it as ./keybound demo, which sets SOFTHSM2_CONF for you.");
        }
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        try (Pkcs11Module softhsm = Pkcs11Module.open(module)) {
            var story = new ManualStory(out, softhsm, workDir, clock);
            if (keep) {
                story.play(bank -> {
                    bank.describe(out, workDir);
                    untilStopped();
                });
            } else {
                story.play();
            }
        }
        out.printf("%nDone in %.1f s. Everything ran in %s, which is now removed.%n", (System.nanoTime() - started) / 1e9, workDir);
        return ExitCode.OK;
    }

    /** Ctrl-C (SIGINT) ends the JVM; the launcher then removes the work directory. */
    private static void untilStopped() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
