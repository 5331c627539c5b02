package keybound.bench.logon;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import keybound.token.Credential;
import keybound.token.CredentialQuery;
import keybound.token.Secret;
import keybound.token.TokenNotPresentException;
import keybound.token.TokenSelector;
import keybound.token.TokenSession;
import keybound.token.pkcs11.Pkcs11Module;
import keybound.testkit.softhsm.SoftHsmEnvironment;

/**
 * The capacity benchmark's split mode, the harness's side: {@link BenchServerMain} started as a
 * second JVM with this JVM's class path (pinned to one CPU with {@code taskset -c} when asked), its
 * state under {@code target/} like the in-JVM banks', and its users' tokens opened here for the
 * clients. The server process dies with the harness: {@link #close} stops it, a shutdown hook kills
 * it if the harness exits another way, and it stops by itself when its standard input closes.
 *
 * <p>SoftHSM fixes its slot list when a process first loads the library, so the tokens the server
 * process creates are visible here only if this JVM loads SoftHSM after the server process is ready:
 * the split mode runs before anything else in the harness touches SoftHSM.
 */
final class ServerProcess implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofMinutes(10);

    private final Process process;
    private final Thread killer;
    private final BenchServerMain.Handoff handoff;
    private final List<TokenSession> sessions = new ArrayList<>();
    private final List<Secret> secrets = new ArrayList<>();
    private Pkcs11Module module;

    private ServerProcess(Process process, Thread killer, BenchServerMain.Handoff handoff) {
        this.process = process;
        this.killer = killer;
        this.handoff = handoff;
    }

    /** Starts the servers for {@code users} users each, on {@code core} alone if given, and waits until they listen. */
    static ServerProcess start(int users, Optional<Integer> core) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        core.ifPresent(cpu -> command.addAll(List.of("taskset", "-c", Integer.toString(cpu))));
        // G1 as in the harness's JVM: pinned to one CPU the JVM would pick the serial collector.
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseG1GC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classPath(), BenchServerMain.class.getName(),
                Integer.toString(users)));
        Process process = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread killer = new Thread(process::destroyForcibly, "bench-server-killer");
        Runtime.getRuntime().addShutdownHook(killer);
        try {
            return new ServerProcess(process, killer, awaitReady(process));
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.destroyForcibly();
            removeHook(killer);
            throw e;
        }
    }

    /** Reads the server's standard output until its ready line; the rest goes to this JVM's standard error. */
    private static BenchServerMain.Handoff awaitReady(Process process) throws IOException, InterruptedException {
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (!ready.isDone() && line.startsWith(BenchServerMain.READY)) {
                        ready.complete(line.substring(BenchServerMain.READY.length()));
                    } else {
                        System.err.println("bench server: " + line);
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IOException("the server process ended before its servers were ready"));
        }, "bench-server-output");
        reader.setDaemon(true);
        reader.start();
        String json;
        try {
            json = ready.get(READY_WITHIN.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            String exit = process.waitFor(5, TimeUnit.SECONDS) ? " (exit code " + process.exitValue() + ")" : "";
            throw new IOException("the server process failed to start" + exit + "; its errors are above", e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the server process was not ready within " + READY_WITHIN.toMinutes() + " min", e);
        }
        return new ObjectMapper().readValue(json, BenchServerMain.Handoff.class);
    }

    /** This JVM's class path: exec:java runs the benchmarks in a class loader of their own. */
    private static String classPath() {
        if (ServerProcess.class.getClassLoader() instanceof URLClassLoader loader) {
            List<String> entries = new ArrayList<>();
            for (URL url : loader.getURLs()) {
                try {
                    entries.add(Path.of(url.toURI()).toString());
                } catch (URISyntaxException e) {
                    throw new IllegalStateException("a class path entry that is not a file: " + url, e);
                }
            }
            return String.join(File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }

    /** The server JVM's process id, as it reports it (taskset execs it, so it is also the started process's). */
    long pid() {
        return handoff.pid();
    }

    BenchServerMain.Handoff handoff() {
        return handoff;
    }

    /** A bank of the server process as clients in this JVM see it: its users' sessions opened on their tokens here. */
    BankEndpoint endpoint(BenchServerMain.Bank bank) throws CertificateException {
        if (module == null) {
            module = Pkcs11Module.open(SoftHsmEnvironment.current().module());
        }
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        List<X509Certificate> chain = new ArrayList<>();
        for (String der : bank.caChain()) {
            chain.add((X509Certificate) x509.generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(der))));
        }
        List<BenchBank.BenchUser> users = new ArrayList<>();
        for (BenchServerMain.User user : bank.users()) {
            users.add(open(user));
        }
        return new BankEndpoint(bank.base(), List.copyOf(chain), List.copyOf(users));
    }

    private BenchBank.BenchUser open(BenchServerMain.User user) {
        TokenSession session;
        try (Secret pin = Secret.of(user.tokenPin())) {
            session = module.token(TokenSelector.label(user.tokenLabel())).open(pin);
        } catch (TokenNotPresentException e) {
            throw new IllegalStateException("the server process's token " + user.tokenLabel() + " is not visible in this JVM:"
                    + " SoftHSM fixes its slot list when a process first loads it, so the split mode must run first", e);
        }
        sessions.add(session);
        Credential credential = session.find(CredentialQuery.label("user")).orElseThrow(
                () -> new IllegalStateException("no key 'user' on token " + user.tokenLabel()));
        X509Certificate certificate = credential.certificate().orElseThrow(
                () -> new IllegalStateException("no certificate beside the key on token " + user.tokenLabel()));
        Secret userPin = Secret.of(user.userPin());
        Secret confirmationPin = Secret.of(user.confirmationPin());
        secrets.add(userPin);
        secrets.add(confirmationPin);
        return new BenchBank.BenchUser(user.userId(), session, credential.key(), certificate, userPin, confirmationPin);
    }

    /** Closes the users' sessions here, then asks the server process to stop, and kills it if it does not. */
    @Override
    public void close() {
        sessions.forEach(TokenSession::close);
        secrets.forEach(Secret::close);
        if (module != null) {
            module.close();
        }
        try (OutputStream in = process.getOutputStream()) {
            in.write("stop\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // It has gone already (its standard input is closed): nothing to ask.
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        removeHook(killer);
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook runs anyway and kills an already stopped process.
        }
    }
}
