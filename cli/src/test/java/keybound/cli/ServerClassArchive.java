package keybound.cli;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A class-data-sharing archive (AppCDS) for the server processes tests start, so each of the many
 * restarts (ServerCrashTest makes 22) maps the classes an earlier run loaded instead of loading and
 * verifying them again: the same classes, the same behaviour, less start-up work ({@link #launch}
 * records it once). The archive only holds classes from jars, so the CLI's own classes go into a jar under
 * target/ first; when other modules are directories (an IDE run, {@code mvn test}) there is no archive
 * and the plain class path is used. Made afresh by each test JVM: a stale one is never mapped.
 */
final class ServerClassArchive {

    private static final Path DIRECTORY = Path.of("target", "server-cds").toAbsolutePath();
    // Mapping or writing the archive is not the test's business: keep the JVM's CDS notes out of the server's output.
    private static final String QUIET = "-Xlog:cds*=off";

    private static ServerClassArchive instance;

    private final List<String> classPath;
    private final Path archive;
    private boolean recorded;

    private ServerClassArchive(List<String> classPath, Path archive) {
        this.classPath = classPath;
        this.archive = archive;
    }

    /** The archive of this test JVM, its class path made on first use. */
    static synchronized ServerClassArchive get() {
        if (instance == null) {
            instance = make();
        }
        return instance;
    }

    private static ServerClassArchive make() {
        removeLeftovers();
        List<String> entries = List.of(System.getProperty("java.class.path").split(File.pathSeparator, -1));
        Path ownClasses = Path.of("target", "classes").toAbsolutePath();
        Path ownTestClasses = Path.of("target", "test-classes").toAbsolutePath();
        List<String> jars = new ArrayList<>();
        for (String entry : entries) {
            Path path = Path.of(entry).toAbsolutePath();
            if (entry.isBlank() || path.equals(ownTestClasses)) {
                continue; // the server runs no test code
            }
            if (path.equals(ownClasses)) {
                jars.add(jar(path).toString());
            } else if (Files.isDirectory(path)) {
                System.out.println("server processes start without a class archive: classes in the directory " + path);
                return new ServerClassArchive(entries, null);
            } else {
                jars.add(entry);
            }
        }
        return new ServerClassArchive(jars, DIRECTORY.resolve("server-" + ProcessHandle.current().pid() + ".jsa"));
    }

    /** The server's class path: the test's, with the CLI's classes as a jar when there is an archive. */
    String classPath() {
        return String.join(File.pathSeparator, classPath);
    }

    /** Starts one server process, given the JVM options that record or map the archive (none: neither) and extra arguments. */
    interface Launcher {
        Process launch(List<String> archiveOptions, List<String> arguments) throws IOException;
    }

    /**
     * Launches the next server, mapping the archive. The first launch of this test JVM records it
     * first: {@code keybound server --check} on the same configuration starts the server, answers one
     * health request and exits normally, which is when Java 17 writes a dynamic archive (not on
     * SIGTERM or SIGKILL). Without {@code archived} (a start with JVM options of its own, e.g.
     * {@code -Xmx}, or one meant to be refused) it neither records nor maps it; when recording failed,
     * servers start without it.
     */
    synchronized Process launch(boolean archived, Launcher launcher) throws IOException, InterruptedException {
        if (archive == null || !archived) {
            return launcher.launch(List.of(), List.of());
        }
        if (!recorded) {
            recorded = true;
            Process recorder = launcher.launch(List.of(QUIET, "-XX:ArchiveClassesAtExit=" + archive), List.of("--check"));
            if (!recorder.waitFor(ServerProcess.START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                recorder.destroyForcibly().waitFor();
            }
            System.out.println(Files.isRegularFile(archive) ? "server class archive recorded: " + archive
                    : "server processes start without a class archive: recording it ended with exit code " + recorder.exitValue());
        }
        return launcher.launch(Files.isRegularFile(archive) ? List.of(QUIET, "-XX:SharedArchiveFile=" + archive) : List.of(),
                List.of());
    }

    /** Archives and jars of test JVMs that have ended (each archive is tens of MB). */
    private static void removeLeftovers() {
        if (!Files.isDirectory(DIRECTORY)) {
            return;
        }
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            for (Path file : files.toList()) {
                String pid = file.getFileName().toString().replaceAll("\\D", "");
                if (!pid.isEmpty() && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // leftovers only cost disk space
        }
    }

    private static Path jar(Path classes) {
        Path jar = DIRECTORY.resolve("keybound-cli-" + ProcessHandle.current().pid() + ".jar");
        try {
            Files.createDirectories(DIRECTORY);
            try (OutputStream file = Files.newOutputStream(jar); var out = new JarOutputStream(file);
                 Stream<Path> files = Files.walk(classes)) {
                for (Path each : files.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(new JarEntry(classes.relativize(each).toString().replace(File.separatorChar, '/')));
                    Files.copy(each, out);
                    out.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack " + classes + " for the server processes", e);
        }
    }
}
