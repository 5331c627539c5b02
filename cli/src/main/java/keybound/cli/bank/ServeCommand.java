package keybound.cli.bank;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import keybound.cli.CliException;
import keybound.cli.ExitCode;
import keybound.cli.Secrets;
import keybound.server.BankApplication;
import keybound.server.BankServer;
import keybound.server.ServerStartException;
import keybound.server.issuer.IssuerBackend;
import keybound.token.Secret;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code keybound server}: the bank's HTTPS server, configured by the same file as the back office
 * (listen address, TLS key stores, registry, CA token; see docs/server.md for the server's keys).
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the bank's HTTPS server from a configuration file until stopped (Ctrl-C).")
public final class ServeCommand implements Callable<Integer> {

    private final Secrets secrets;

    @Option(names = "--config", paramLabel = "FILE", description = "server and bank configuration (default: $KEYBOUND_CONFIG)")
    Path config;

    @Option(names = "--check", description = "start, answer one health request over HTTPS, then stop (to test a configuration)")
    boolean check;

    @Spec CommandSpec spec;

    ServeCommand(Secrets secrets) {
        this.secrets = secrets;
    }

    @Override
    public Integer call() throws Exception {
        BankConfig bankConfig = BankConfig.load(config, secrets.environment());
        var out = spec.commandLine().getOut();
        var environment = new java.util.HashMap<>(secrets.environment());
        if (!environment.containsKey(IssuerBackend.CA_PIN)) {
            try (Secret pin = secrets.read("ca-pin", "CA token PIN")) {
                environment.put(IssuerBackend.CA_PIN, pin.withChars(String::new)); // IssuerBackend reads it as the environment would
            }
        }
        try (Running running = start(bankConfig, environment)) {
            URI base = running.address();
            out.println("Bank server listening on " + base + " (health: " + base + "/health). Stop with Ctrl-C.");
            if (check) {
                out.println("Health check: " + health(base, running.backend().issuer().caChain()));
                return ExitCode.OK;
            }
            var stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "keybound-server-stop"));
            stopped.await();
        }
        return ExitCode.OK;
    }

    /** The bank's server as this command runs it, until closed: its issuer and its HTTPS listener. */
    public record Running(IssuerBackend backend, BankServer server, String host) implements AutoCloseable {

        /** Where clients reach it, {@code https://HOST:PORT}. */
        public URI address() {
            return URI.create("https://" + hostForUrl(host) + ":" + server.port());
        }

        @Override
        public void close() {
            try (backend) {
                server.close();
            }
        }
    }

    /**
     * Opens the bank from its configuration and starts its server. {@code environment} holds the
     * CA PIN ({@code KEYBOUND_CA_PIN}) and is cleared once the CA token is open.
     */
    public static Running start(BankConfig bankConfig, Map<String, String> environment) {
        IssuerBackend backend;
        try {
            backend = IssuerBackend.open(bankConfig.settings(), bankConfig.server(), environment, Clock.systemUTC());
        } finally {
            environment.clear(); // the CA PIN is not kept, whether or not the CA token opened
        }
        try {
            // Sessions in the registry database, as ServerMain keeps them: they survive a restart.
            BankServer server = BankApplication.start(bankConfig.server(), backend.issuer(), backend.config(), backend.operators(),
                    backend.logonState(), Clock.systemUTC());
            return new Running(backend, server, bankConfig.server().listenHost());
        } catch (ServerStartException e) {
            backend.close();
            throw new CliException(ExitCode.CONFIG, e.getMessage() + ". Is the port free and the key store right?");
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static String health(URI base, java.util.List<java.security.cert.X509Certificate> chain) throws Exception {
        var trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < chain.size(); i++) {
            trust.setCertificateEntry("ca-" + i, chain.get(i));
        }
        var tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        var context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(context).build();
        var response = client.send(HttpRequest.newBuilder(base.resolve("/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new CliException(ExitCode.FAILURE, "The server answered " + response.statusCode() + " to /health.");
        }
        return response.body();
    }
}
