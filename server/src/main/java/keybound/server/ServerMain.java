package keybound.server;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import keybound.server.issuer.IssuerBackend;

/**
 * {@code java keybound.server.ServerMain [config.properties]}: runs the bank (the issuer over its
 * database and CA token, see {@link IssuerBackend}) behind its HTTPS server until the process is
 * told to stop, then shuts down gracefully. The configuration file may also be named by
 * {@code KEYBOUND_CONFIG}. Exit codes: 0 stopped, 2 usage or bad configuration, 3 could not start.
 */
public final class ServerMain {

    static final int USAGE = 2;
    static final int CANNOT_START = 3;

    private ServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int code = run(args, System.getenv(), System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Everything but the process: returns an exit code, or serves until the JVM shuts down and returns 0. */
    static int run(String[] args, Map<String, String> environment, PrintStream err) throws InterruptedException {
        Running running;
        try {
            running = start(args, environment, err);
        } catch (StartFailure failure) {
            return failure.code;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "bank-server-shutdown"));
        stopped.await();
        return 0;
    }

    /** A started bank: its server and its backend, closed together. */
    record Running(BankServer server, IssuerBackend backend) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            backend.close();
        }
    }

    static final class StartFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final int code;

        StartFailure(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    /** Reads the configuration, opens the bank and starts serving; every refusal is one line on {@code err}. */
    static Running start(String[] args, Map<String, String> environment, PrintStream err) throws StartFailure {
        String file = args.length > 0 ? args[0] : environment.get("KEYBOUND_CONFIG");
        if (file == null) {
            err.println("usage: ServerMain <config.properties>  (or set KEYBOUND_CONFIG)");
            throw new StartFailure(USAGE);
        }
        ServerConfig config;
        IssuerBackend backend;
        try {
            ConfigSource settings = ConfigSource.open(Path.of(file), environment);
            config = settings.serverConfig();
            TlsEcdsa.configure(settings.text("tls.ecdsa").orElse("bc"));
            backend = IssuerBackend.open(settings, config, environment, Clock.systemUTC());
        } catch (ConfigException e) {
            err.println(e.getMessage());
            throw new StartFailure(USAGE);
        } catch (RuntimeException e) {
            err.println("cannot open the bank: " + e.getMessage());
            throw new StartFailure(CANNOT_START);
        }
        try {
            BankServer server = BankApplication.start(config, backend.issuer(), backend.config(), backend.operators(),
                    backend.logonState(), Clock.systemUTC());
            return new Running(server, backend);
        } catch (ServerStartException e) {
            err.println(e.getMessage() + ": " + e.getCause());
            backend.close();
            throw new StartFailure(CANNOT_START);
        }
    }
}
