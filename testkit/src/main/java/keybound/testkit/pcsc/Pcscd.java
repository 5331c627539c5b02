package keybound.testkit.pcsc;

import java.io.IOException;
import keybound.cardsim.VpcdBridge;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The machine's one pcscd, with the vsmartcard vpcd driver listening for a virtual card on
 * {@link #VPCD_PORT}. Started on first use by this JVM (or found already running), shared by
 * every test class in it, and stopped at JVM exit if this JVM started it.
 *
 * <p>pcscd and the vpcd port serve one test JVM at a time, so a JVM takes a machine-wide file lock
 * before its first use and keeps it until it exits: two test runs on one machine then take turns
 * instead of stopping each other's pcscd or fighting over the one virtual reader.
 *
 * <p>When pcscd cannot be started the fixture fails loudly: a PC/SC test never skips itself.
 */
public final class Pcscd {

    public static final int VPCD_PORT = VpcdBridge.DEFAULT_PORT;
    private static final Path SOCKET = Path.of("/run/pcscd/pcscd.comm");
    private static final Path PID_FILE = Path.of("/run/pcscd/pcscd.pid");
    private static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/pcscd"), Path.of("/usr/local/sbin/pcscd"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Path MACHINE_LOCK = Path.of(System.getProperty("java.io.tmpdir"), "keybound-pcscd.lock");
    /** How long a JVM waits for another test run's PC/SC use to end. */
    private static final Duration TURN_TIMEOUT = Duration.ofMinutes(20);

    private static FileLock turn; // held until this JVM exits
    private static Process process;
    private static Path log;
    private static boolean running;

    private Pcscd() {
    }

    /** Makes sure pcscd runs with the vpcd reader listening; idempotent. */
    public static synchronized void ensureRunning() {
        if (running && (process == null || process.isAlive())) {
            return;
        }
        takeTurn();
        PcscLibrary.configureJdk();
        if (!alreadyRunning()) {
            start();
        } else if (!vpcdListening()) {
            throw new IllegalStateException("a pcscd runs already but its vpcd reader does not listen on port "
                    + VPCD_PORT + " (is vsmartcard-vpcd installed?)");
        }
        running = true;
    }

    private static void takeTurn() {
        if (turn != null) {
            return;
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(MACHINE_LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            Instant deadline = Instant.now().plus(TURN_TIMEOUT);
            while ((turn = channel.tryLock()) == null) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("another test run on this machine has used PC/SC for over "
                            + TURN_TIMEOUT.toMinutes() + " minutes (lock " + MACHINE_LOCK + ")");
                }
                sleep(200);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot take the PC/SC lock " + MACHINE_LOCK, e);
        } finally {
            if (turn == null && channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // nothing held, nothing to release
                }
            }
        }
    }

    private static void start() {
        Path binary = BINARIES.stream().filter(Files::isExecutable).findFirst().orElseThrow(() ->
                new IllegalStateException("pcscd is not installed (Debian packages pcscd and vsmartcard-vpcd)"));
        log = Path.of(System.getProperty("java.io.tmpdir"), "keybound-pcscd-" + ProcessHandle.current().pid() + ".log");
        try {
            // -f: stay in the foreground so the JVM owns the process. No -a: APDU logging would
            // write VERIFY data, that is PINs, to the log.
            process = new ProcessBuilder(binary.toString(), "-f").redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start pcscd", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(Pcscd::stop, "pcscd-stop"));
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!(Files.exists(SOCKET) && vpcdListening())) {
            if (!process.isAlive()) {
                throw new IllegalStateException("pcscd exited at start with code " + process.exitValue()
                        + " (is it running as root, or as the owner of /run/pcscd?); log: " + log + ": " + tail(log));
            }
            if (Instant.now().isAfter(deadline)) {
                stop();
                throw new IllegalStateException("pcscd did not open the vpcd port " + VPCD_PORT + " within "
                        + START_TIMEOUT.toSeconds() + " s (is vsmartcard-vpcd installed?); log: " + tail(log));
            }
            sleep(20);
        }
    }

    /** Stops pcscd if this JVM started it. */
    public static synchronized void stop() {
        running = false;
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a left-over log in the temp folder is harmless
        }
    }

    /** Another pcscd (a system service, or another test JVM's) is alive: use it, never stop it. */
    private static boolean alreadyRunning() {
        try {
            long pid = Long.parseLong(Files.readString(PID_FILE).trim());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** Whether vpcd accepts a virtual card now (the probe connection is closed at once). */
    static boolean vpcdListening() {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), VPCD_PORT), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
