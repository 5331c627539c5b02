package keybound.bench.logon;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import keybound.credentials.HashParameters;
import keybound.server.TlsEcdsa;
import keybound.token.jca.TokenProvider;
import keybound.testkit.softhsm.TokenSpec;

/**
 * The capacity benchmark's servers in a JVM of their own (its split mode, see {@link ServerProcess}):
 * the bank with token-keyed verifiers, the bank with the old default (Argon2id 64 MiB, t=3, p=4) and
 * the bare mutual-TLS server, assembled exactly as in the harness's own JVM ({@link BenchBank},
 * {@link BareTlsServer}). Once they listen it prints one line, {@link #READY} and a {@link Handoff}
 * in JSON, on standard output, then serves until standard input says {@code stop} or closes (the
 * harness ended, however it ended).
 *
 * <pre>java -cp CLASSPATH keybound.bench.logon.BenchServerMain USERS</pre>
 */
public final class BenchServerMain {

    /** What starts the line that describes the running servers. */
    static final String READY = "bench-servers-ready ";

    /** Where the servers listen and who logs on: each bank's address, CA chain and users. */
    record Handoff(long pid, Bank token, Bank old, URI bare) {
    }

    /** A bank: its address, its CA chain (base64 DER, issuing CA first) and its users. */
    record Bank(URI base, List<String> caChain, List<User> users) {
    }

    /**
     * A user: the token holding the key and certificate (label and user PIN) and the secrets the
     * logon asks (ト, チ). Benchmark fixtures on this machine's SoftHSM, passed over a pipe.
     */
    record User(String userId, String tokenLabel, String tokenPin, String userPin, String confirmationPin) {
    }

    private BenchServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !args[0].matches("[1-9][0-9]{0,2}")) {
            System.err.println("usage: BenchServerMain USERS (1 to 999)");
            System.exit(2);
        }
        int users = Integer.parseInt(args[0]);
        TokenProvider.install();
        TlsEcdsa.useBouncyCastle(); // as in the harness's own JVM: the server's default (tls.ecdsa=bc)
        try (BenchBank token = new BenchBank(users, HashParameters.testing(), true);
             BenchBank old = new BenchBank(users, HashParameters.production(), false);
             BareTlsServer bare = new BareTlsServer(token.serverConfig)) {
            Handoff handoff = new Handoff(ProcessHandle.current().pid(), describe(token), describe(old), bare.base());
            System.out.println(READY + new ObjectMapper().writeValueAsString(handoff));
            System.out.flush();
            var commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            do {
                line = commands.readLine();
            } while (line != null && !line.equals("stop"));
        }
        // Jetty and H2 may leave non-daemon threads behind; the servers are closed.
        System.exit(0);
    }

    private static Bank describe(BenchBank bank) throws CertificateEncodingException {
        List<String> chain = new ArrayList<>();
        for (X509Certificate certificate : bank.caChain()) {
            chain.add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
        }
        List<User> users = new ArrayList<>();
        for (int i = 0; i < bank.users.size(); i++) {
            BenchBank.BenchUser user = bank.users.get(i);
            TokenSpec token = bank.userTokens.get(i);
            users.add(new User(user.userId(), token.label(), token.userPin(), user.userPin().withChars(String::new),
                    user.userConfirmationPin().withChars(String::new)));
        }
        return new Bank(bank.base, chain, users);
    }
}
