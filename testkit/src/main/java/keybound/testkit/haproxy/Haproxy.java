package keybound.testkit.haproxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code haproxy} in TCP mode on loopback in front of a few HTTPS nodes, TLS passing
 * through to them, each node health-checked with {@code GET /health/ready} over TLS. Its
 * configuration is written into a directory of the test's; a second, plain-HTTP frontend serves
 * haproxy's statistics so a test can wait for a node to be marked up or down.
 */
public final class Haproxy implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final int statsPort;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Haproxy(Process process, int port, int statsPort, Path log) {
        this.process = process;
        this.port = port;
        this.statsPort = statsPort;
        this.log = log;
    }

    /** A node behind the balancer: its name in haproxy's configuration and its loopback port. */
    public record Node(String name, int port) {
    }

    /** The configuration used for {@code nodes}: bank traffic on {@code port}, statistics on {@code statsPort}. */
    public static String configuration(int port, int statsPort, List<Node> nodes) {
        StringBuilder text = new StringBuilder("""
                global
                    maxconn 512

                defaults
                    mode tcp
                    timeout connect 5s
                    timeout client 2m
                    timeout server 2m
                    # a health check may take this long once connected: a slow answer from a loaded
                    # node must not take it out (a stopping node answers 503 at once, a stopped one refuses)
                    timeout check 2s
                    # a refused connection (a node stopping or gone) is tried again on another node
                    retries 3
                    option redispatch 1

                frontend bank
                    bind 127.0.0.1:%d
                    default_backend nodes

                backend nodes
                    balance roundrobin
                    option httpchk GET /health/ready
                    http-check expect status 200
                    default-server check check-ssl verify none inter 500ms fall 2 rise 2
                """.formatted(port));
        for (Node node : nodes) {
            text.append("    server ").append(node.name()).append(" 127.0.0.1:").append(node.port()).append('\n');
        }
        text.append("""

                frontend stats
                    mode http
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /stats
                """.formatted(statsPort));
        return text.toString();
    }

    /** Writes the configuration for {@code nodes} into {@code directory} and starts haproxy in the foreground. */
    public static Haproxy start(Path directory, List<Node> nodes) {
        try {
            int port = freePort();
            int statsPort = freePort();
            Path config = Files.writeString(Files.createDirectories(directory).resolve("haproxy.cfg"),
                    configuration(port, statsPort, nodes));
            Path log = directory.resolve("haproxy.log");
            Process process = new ProcessBuilder("haproxy", "-db", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            var haproxy = new Haproxy(process, port, statsPort, log);
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!haproxy.accepting()) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("haproxy did not start: " + Files.readString(log));
                }
                Thread.sleep(50);
            }
            return haproxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start haproxy (is Debian's haproxy installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting haproxy", e);
        }
    }

    private boolean accepting() {
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), statsPort)) {
            return socket.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    /** haproxy's process id (its CPU use is read from /proc by the benchmark). */
    public long pid() {
        return process.pid();
    }

    /** Where clients reach the bank through the balancer. */
    public int port() {
        return port;
    }

    /** Each node's status as haproxy sees it: {@code UP}, {@code DOWN}, or a transition such as {@code UP 1/2}. */
    public Map<String, String> statuses() {
        try {
            String csv = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/stats;csv")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Map<String, String> statuses = new LinkedHashMap<>();
            List<String> header = List.of(csv.lines().findFirst().orElse("").replaceFirst("^# ", "").split(",", -1));
            int name = header.indexOf("svname");
            int status = header.indexOf("status");
            csv.lines().skip(1).map(line -> line.split(",", -1))
                    .filter(fields -> fields.length > status && fields[0].equals("nodes")
                            && !fields[name].equals("BACKEND"))
                    .forEach(fields -> statuses.put(fields[name], fields[status]));
            return statuses;
        } catch (IOException e) {
            throw new UncheckedIOException("haproxy's statistics do not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Waits until haproxy reports {@code node} as {@code status} ({@code UP} or {@code DOWN}); false after {@code timeout}. */
    public boolean await(String node, String status, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!status.equals(statuses().get(node))) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    /** What haproxy printed (warnings, alerts about health checks). */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
