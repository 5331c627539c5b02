package keybound.server;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java keybound.server.ServerMain [config.properties]}: runs the bank's server until the
 * process is told to stop, then shuts down gracefully. The configuration file may also be named by
 * {@code KEYBOUND_CONFIG}. Exit codes: 0 stopped, 2 bad configuration or no bank backend, 3 could
 * not start.
 */
public final class ServerMain {

    private ServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String file = args.length > 0 ? args[0] : System.getenv("KEYBOUND_CONFIG");
        if (file == null) {
            System.err.println("usage: ServerMain <config.properties>  (or set KEYBOUND_CONFIG)");
            System.exit(2);
        }
        ServerConfig config;
        try {
            config = ConfigSource.load(Path.of(file), System.getenv());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        var provider = ServiceLoader.load(BankBackend.Provider.class).findFirst();
        if (provider.isEmpty()) {
            System.err.println("no bank backend on the class path (the issuer adapter provides one)");
            System.exit(2);
            return;
        }
        BankBackend backend = provider.get().open(config);
        BankServer server;
        try {
            server = BankApplication.start(config, backend.ports(), Clock.systemUTC());
        } catch (ServerStartException e) {
            System.err.println(e.getMessage() + ": " + e.getCause());
            backend.close();
            System.exit(3);
            return;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            backend.close();
            stopped.countDown();
        }, "bank-server-shutdown"));
        stopped.await();
    }
}
