package keybound.server;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java keybound.server.ServerMain [config.properties]}: runs the bank's server until the
 * process is told to stop, then shuts down gracefully. The configuration file may also be named by
 * {@code KEYBOUND_CONFIG}. Exit codes: 0 stopped, 2 usage, bad configuration or no bank backend,
 * 3 could not start.
 */
public final class ServerMain {

    static final int USAGE = 2;
    static final int CANNOT_START = 3;

    private ServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int code = run(args, System.getenv(), System.err, ServiceLoader.load(BankBackend.Provider.class).findFirst());
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Everything but the process: returns an exit code, or serves until the JVM shuts down and returns 0. */
    static int run(String[] args, Map<String, String> environment, PrintStream err, Optional<BankBackend.Provider> provider)
            throws InterruptedException {
        String file = args.length > 0 ? args[0] : environment.get("KEYBOUND_CONFIG");
        if (file == null) {
            err.println("usage: ServerMain <config.properties>  (or set KEYBOUND_CONFIG)");
            return USAGE;
        }
        ServerConfig config;
        try {
            config = ConfigSource.load(Path.of(file), environment);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return USAGE;
        }
        if (provider.isEmpty()) {
            err.println("no bank backend on the class path (the issuer's BankBackend.Provider)");
            return USAGE;
        }
        BankBackend backend = provider.get().open(config);
        BankServer server;
        try {
            server = BankApplication.start(config, backend.ports(), Clock.systemUTC());
        } catch (ServerStartException e) {
            err.println(e.getMessage() + ": " + e.getCause());
            backend.close();
            return CANNOT_START;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            backend.close();
            stopped.countDown();
        }, "bank-server-shutdown"));
        stopped.await();
        return 0;
    }
}
