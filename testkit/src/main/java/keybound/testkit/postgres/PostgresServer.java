package keybound.testkit.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for one JVM, started from Debian's binaries
 * ({@code /usr/lib/postgresql/<version>/bin}) in a fresh directory under {@code target/} (or a
 * temporary directory when the server's user cannot reach {@code target/}), listening
 * on a free loopback port, and stopped by a shutdown hook when the JVM ends.
 *
 * <p>PostgreSQL refuses to run as root; when the JVM runs as root (CI does), every server command
 * runs as the {@code postgres} system user through {@code runuser}, and the directory is handed
 * to that user first. Authentication is {@code trust} on loopback only: this is a throw-away
 * test cluster.
 *
 * <p>Nothing is skipped: if the binaries are missing or the server does not start, {@link #shared()}
 * throws and the tests that need it fail.
 */
public final class PostgresServer {

    public static final String SUPERUSER = "keybound";
    private static final String RUN_AS = "postgres";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer shared;

    private final Path binDir;
    private final Path dataDir;
    private final int port;
    /** {@code -c name=value} settings the server is started with, besides the fixture's own. */
    private final List<String> settings;
    private boolean killed;

    private PostgresServer(Path binDir, Path dataDir, int port, List<String> settings) {
        this.binDir = binDir;
        this.dataDir = dataDir;
        this.port = port;
        this.settings = List.copyOf(settings);
    }

    /** The JVM's server, started on first use. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start(Path.of("target"));
            var server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::stopAtExit, "postgres-stop"));
        }
        return shared;
    }

    /** Starts a new cluster in a fresh directory under {@code parent}. */
    public static PostgresServer start(Path parent) {
        return start(parent, List.of());
    }

    /**
     * Starts a new cluster in a fresh directory under {@code parent} whose commits wait until the
     * streaming standby called {@code standbyName} has them ({@code synchronous_commit=on}): start
     * that standby with {@link #startStandby} before writing anything, or commits wait forever.
     */
    public static PostgresServer startPrimary(Path parent, String standbyName) {
        return start(parent, List.of("synchronous_standby_names=" + standbyName, "synchronous_commit=on"));
    }

    /** Starts a new cluster in a fresh directory under {@code parent} with {@code settings} ({@code name=value}) on its command line. */
    public static PostgresServer start(Path parent, List<String> settings) {
        try {
            Path dir = serverDirectory(parent);
            var server = new PostgresServer(findBinaries(), dir.resolve("data"), freePort(), settings);
            server.initAndStart(dir);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a PostgreSQL directory", e);
        }
    }

    /**
     * A streaming standby of this server named {@code name} (its {@code cluster_name}, which it
     * reports as its application name), copied with {@code pg_basebackup -R} into a fresh directory
     * under {@code parent} and started; returns once this server lists it as streaming.
     */
    public PostgresServer startStandby(Path parent, String name) {
        try {
            Path dir = serverDirectory(parent);
            var standby = new PostgresServer(binDir, dir.resolve("data"), freePort(), List.of("cluster_name=" + name));
            if (isRoot()) {
                run(List.of("chown", RUN_AS, dir.toString()), false);
            }
            run(List.of(binDir.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port),
                    "-U", SUPERUSER, "-D", standby.dataDir.toString(), "-R", "-X", "stream", "--no-sync"), true);
            standby.startServer();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!sql("postgres", "SELECT state FROM pg_stat_replication WHERE application_name = '" + name + "'")
                    .equals("streaming")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the standby " + name + " does not stream from the primary");
                }
                Thread.sleep(100);
            }
            return standby;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a PostgreSQL standby", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting a standby", e);
        }
    }

    /** A fresh directory for one cluster under {@code parent}, or a temporary one if the server's user cannot reach it. */
    private static Path serverDirectory(Path parent) throws IOException {
        Files.createDirectories(parent);
        Path dir = Files.createTempDirectory(parent.toAbsolutePath(), "postgres-");
        if (isRoot() && !reachableByServerUser(dir.getParent())) {
            // e.g. a checkout under /root (mode 700): the postgres user cannot reach target/
            System.err.println("PostgreSQL test server: " + dir + " is not reachable by the " + RUN_AS
                    + " user; using a temporary directory instead");
            deleteTree(dir);
            dir = Files.createTempDirectory("keybound-postgres-");
        }
        return dir;
    }

    /** SIGKILL to the postmaster, as a crash of the machine's database would: no shutdown, no checkpoint. */
    public synchronized void kill() {
        try {
            long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
            ProcessHandle.of(pid).ifPresent(postmaster -> {
                postmaster.destroyForcibly();
                postmaster.onExit().join();
            });
            killed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the postmaster's pid", e);
        }
    }

    /** {@code pg_ctl promote} of this standby; returns once it accepts writes. */
    public synchronized void promote() {
        run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-w", "-t", "60", "promote"), true);
    }

    /** One SQL statement through {@code psql} as the superuser; its output unaligned, without headers, trimmed. */
    public String sql(String database, String statement) {
        return run(List.of(binDir.resolve("psql").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U",
                SUPERUSER, "-d", database, "-X", "-q", "-t", "-A", "-c", statement), false).trim();
    }

    /** Whether the server's system user can traverse every directory down to {@code dir} (the cluster directory inside it is handed over by chown). */
    private static boolean reachableByServerUser(Path dir) {
        try {
            Process probe = new ProcessBuilder("runuser", "-u", RUN_AS, "--", "test", "-x", dir.toString())
                    .redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The superuser's JDBC URL for {@code database}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /** Creates a new, empty database with a unique name and returns its JDBC URL. */
    public String createDatabase(String prefix) {
        String name = (prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet())
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        run(List.of(binDir.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-U", SUPERUSER, name), false);
        return jdbcUrl(name);
    }

    /** Stops the server and deletes its files. Idempotent. */
    public synchronized void stop() {
        if (stopServer()) {
            deleteTree(dataDir.getParent());
        }
    }

    /**
     * The shared server's shutdown hook: stops the server and hands its files to an {@code rm} that
     * outlives the JVM. A module's tests leave one database per test in the shared cluster (tens of
     * thousands of files); deleting them inside the hook held the JVM's exit past Surefire's 30 s limit.
     */
    private synchronized void stopAtExit() {
        if (!stopServer()) {
            return;
        }
        try {
            new ProcessBuilder("rm", "-rf", "--", dataDir.getParent().toString())
                    .redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD).start();
        } catch (IOException e) {
            deleteTree(dataDir.getParent());
        }
    }

    /** {@code pg_ctl stop -m immediate} unless the server was killed; false if its files are already gone. */
    private boolean stopServer() {
        if (!Files.isDirectory(dataDir)) {
            return false;
        }
        try {
            if (!killed) {
                run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "-w",
                        "stop"), true);
            }
        } catch (RuntimeException e) {
            System.err.println("PostgreSQL test server did not stop cleanly: " + e.getMessage());
        }
        return true;
    }

    private void initAndStart(Path dir) throws IOException {
        if (isRoot()) {
            run(List.of("chown", RUN_AS, dir.toString()), false);
        }
        run(List.of(binDir.resolve("initdb").toString(), "-D", dataDir.toString(), "-A", "trust", "-U", SUPERUSER,
                "-E", "UTF8", "--no-sync"), true);
        startServer();
    }

    private void startServer() {
        Path dir = dataDir.getParent();
        StringBuilder options = new StringBuilder("-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir + " -c fsync=off");
        settings.forEach(setting -> options.append(" -c ").append(setting));
        run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-o", options.toString(),
                "-l", dir.resolve("server.log").toString(), "-w", "-t", "60", "start"), true);
    }

    /** Stops the server at once, keeping its files, as an outage would (for a test's own cluster, not {@link #shared()}). */
    public synchronized void halt() {
        run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "-w", "stop"), true);
    }

    /** Starts a {@link #halt() halted} server again on the same port and files. */
    public synchronized void resume() {
        startServer();
    }

    private String run(List<String> command, boolean asServerUser) {
        List<String> full = new ArrayList<>();
        if (asServerUser && isRoot()) {
            full.addAll(List.of("runuser", "-u", RUN_AS, "--"));
        }
        full.addAll(command);
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("PostgreSQL command did not finish: " + command.get(0));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("PostgreSQL command failed (" + process.exitValue() + "): "
                        + String.join(" ", command) + "\n" + new String(output, StandardCharsets.UTF_8));
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    private static Path findBinaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("PostgreSQL is not installed (no " + root + "); install Debian's postgresql");
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparing(PostgresServer::majorVersion))
                    .orElseThrow(() -> new IllegalStateException("no initdb under " + root));
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("cannot delete " + dir + ": " + e.getMessage());
        }
    }
}
