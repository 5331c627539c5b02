package keybound.cli.bank;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import keybound.cli.CliException;
import keybound.cli.ExitCode;
import keybound.cli.Secrets;
import keybound.server.BankApplication;
import keybound.server.BankServer;
import keybound.server.ConfigSource;
import keybound.server.ServerConfig;
import keybound.server.ServerStartException;
import keybound.server.issuer.OperatorGuard;
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
        Path file = config != null ? config : Path.of(secrets.environment().get("KEYBOUND_CONFIG"));
        ServerConfig serverConfig = ConfigSource.load(file, secrets.environment());
        var out = spec.commandLine().getOut();
        try (BankContext bank = new BankContext(bankConfig, Clock.systemUTC())) {
            BankServer server;
            try {
                // the back office stays on the bank's machine (keybound bank ...): no operator keys over HTTP
                server = BankApplication.start(serverConfig, bank.issuer(secrets), bank.issuerConfig(),
                        new OperatorGuard(java.util.List.of()), Clock.systemUTC());
            } catch (ServerStartException e) {
                throw new CliException(ExitCode.CONFIG, e.getMessage() + ". Is the port free and the key store right?");
            }
            try (server) {
                URI base = URI.create("https://" + hostForUrl(serverConfig.listenHost()) + ":" + server.port());
                out.println("Bank server listening on " + base + " (health: " + base + "/health). Stop with Ctrl-C.");
                if (check) {
                    out.println("Health check: " + health(base, bank));
                    return ExitCode.OK;
                }
                var stopped = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "keybound-server-stop"));
                stopped.await();
            }
        }
        return ExitCode.OK;
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static String health(URI base, BankContext bank) throws Exception {
        var trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        var chain = bank.readChain();
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
