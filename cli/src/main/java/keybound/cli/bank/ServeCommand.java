package keybound.cli.bank;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import keybound.cli.CliException;
import keybound.cli.ExitCode;
import keybound.cli.Secrets;
import keybound.server.BankServer;
import keybound.server.ConfigReport;
import keybound.server.ServerStartException;
import keybound.server.wiring.BankAssembly;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keybound server}: the bank's HTTPS server, assembled from the same file as the back office
 * ({@link BankAssembly}: listen address, TLS, registry, CA token; see docs/server.md for the keys).
 * On SIGTERM or Ctrl-C it stops gracefully: requests in flight finish (up to {@code shutdown.grace-seconds}),
 * then it says so in one line.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the bank's HTTPS server from a configuration file until stopped (Ctrl-C, SIGTERM).")
public final class ServeCommand implements Callable<Integer> {

    private final Secrets secrets;
    private final Clock clock;

    @Option(names = "--config", paramLabel = "FILE", description = "server and bank configuration (default: $KEYBOUND_CONFIG)")
    Path config;

    @Option(names = "--check", description = "print the effective configuration (each key's value and where it came from,"
            + " secrets masked), then start, answer one health request over HTTPS and stop: exit 0 if the configuration works")
    boolean check;

    @Spec CommandSpec spec;

    ServeCommand(Secrets secrets, Clock clock) {
        this.secrets = secrets;
        this.clock = clock;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        BankConfig bank = BankConfig.load(config, secrets.environment());
        ServerLogging.configure(bank.settings());
        if (check) {
            out.println("Effective configuration of " + bank.file() + " (key, value, where it came from):");
            ConfigReport.lines(bank.settings()).forEach(out::println);
        }
        Running running = start(bank.assemble(secrets, clock));
        URI base = running.address();
        out.println("Bank server listening on " + base + " (health: " + base + "/health). Stop with Ctrl-C.");
        if (check) {
            try (running) {
                out.println("Health check: " + health(base, running.bank().issuer().caChain()));
            }
            return ExitCode.OK;
        }
        // The JVM halts once its shutdown hooks return, so the hook itself stops the server and only then lets go.
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
                out.println("Bank server stopped: requests in flight finished, registry and CA token closed.");
            } finally {
                stopped.countDown();
            }
        }, "keybound-server-stop"));
        stopped.await();
        return ExitCode.OK;
    }

    /** The bank's server as this command runs it, until closed: the assembled bank and its HTTPS listener. */
    public record Running(BankAssembly bank, BankServer server) implements AutoCloseable {

        /** Where clients reach it, {@code https://HOST:PORT}. */
        public URI address() {
            String host = bank.serverConfig().listenHost();
            return URI.create("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port());
        }

        /** Stops the server gracefully, then closes the bank. */
        @Override
        public void close() {
            bank.close();
        }
    }

    /** Starts serving {@code bank}; on failure the bank is closed. */
    public static Running start(BankAssembly bank) {
        try {
            return new Running(bank, bank.serve());
        } catch (ServerStartException e) {
            bank.close();
            throw new CliException(ExitCode.CONFIG, e.getMessage() + ". Is the port free and the key store right?");
        } catch (RuntimeException e) {
            bank.close();
            throw e;
        }
    }

    private static String health(URI base, List<X509Certificate> chain) throws Exception {
        var trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < chain.size(); i++) {
            trust.setCertificateEntry("ca-" + i, chain.get(i));
        }
        var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        var context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(context).build();
        var response = client.send(HttpRequest.newBuilder(base.resolve("/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new CliException(ExitCode.FAILURE, "The server answered " + response.statusCode() + " to /health.");
        }
        return response.body();
    }
}
