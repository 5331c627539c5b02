package keybound.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.X509KeyManager;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BackOfficeClient;
import keybound.bankapi.client.BankClient;
import keybound.bankapi.client.BankSettings;
import keybound.logon.otp.CardCell;
import keybound.testkit.haproxy.Haproxy;
import keybound.testkit.keys.SoftwareKeys;
import keybound.testkit.postgres.PostgresServer;
import keybound.testkit.softhsm.SoftHsmEnvironment;
import keybound.token.Secret;

/**
 * A bank of several {@code keybound server} processes on one configuration file, one CA token
 * and one PostgreSQL registry, behind haproxy: what MultiNodeTest and the {@code nodes}
 * benchmark run. Each node is the same file with its own {@code KEYBOUND_LISTEN_PORT}; the file's
 * {@code origin} is haproxy's.
 */
final class BankNodes implements AutoCloseable {

    static final String BANK = "0042";
    static final BankApi.TokenDescription TOKEN = new BankApi.TokenDescription("PKCS11", "software key", "nodes-test");
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(2);

    /** An administrator with a certificate on a software key (the nodes are under test, not the token). */
    record Administrator(BankApi.OpenedContract contract, KeyPair keys, X509Certificate certificate) {
    }

    private final Path directory;
    private final Map<String, String> environment = ServerProcess.environment();
    private final Path config;
    private final Secret operatorKey;
    private final List<X509Certificate> chain;
    private final Haproxy haproxy;
    private final int[] ports;
    private final ServerProcess[] nodes;

    /**
     * Starts haproxy in front of {@code count} node ports, writes the bank's file (with
     * {@code settings} added) and creates the CA on a new SoftHSM token; no node is started yet.
     */
    BankNodes(Path directory, SoftHsmEnvironment softhsm, String jdbcUrl, int count, List<String> settings) throws IOException {
        this.directory = directory;
        this.ports = new int[count];
        this.nodes = new ServerProcess[count];
        List<Haproxy.Node> balanced = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ports[i] = freePort();
            balanced.add(new Haproxy.Node(name(i), ports[i]));
        }
        haproxy = Haproxy.start(directory.resolve("haproxy"), balanced);
        String caLabel = ServerProcess.caToken(softhsm, "nodes-ca");
        Path data = directory.resolve("data");
        List<String> lines = new ArrayList<>(List.of("data.dir=" + data,
                "ca.module=" + softhsm.module(), "ca.token-label=" + caLabel, "secrets.hash.memory-kib=64",
                "secrets.hash.iterations=1", "secrets.hash.parallelism=1", "listen.host=127.0.0.1", "tls.auto=true",
                "origin=" + origin(), "jdbc.url=" + jdbcUrl, "jdbc.user=" + PostgresServer.SUPERUSER,
                // behind haproxy in TCP mode every client arrives from its address: per-address
                // limits would meter the whole load test as one client (docs/scale-out.md)
                "limits.requests-per-second=100000", "limits.request-burst=100000",
                "limits.secret-requests-per-second=100000", "limits.secret-request-burst=100000",
                "limits.connections-per-address=4096"));
        lines.addAll(settings);
        config = Files.write(directory.resolve("bank.properties"), lines);
        ServerProcess.createCa(config, environment);
        operatorKey = CliRun.addOperatorKey(environment, config);
        chain = ServerProcess.caChain(data);
    }

    static String name(int index) {
        return "node" + (index + 1);
    }

    /** The origin clients sign for: haproxy's. */
    String origin() {
        return BankSettings.httpsOrigin("127.0.0.1", haproxy.port());
    }

    Haproxy haproxy() {
        return haproxy;
    }

    Path config() {
        return config;
    }

    /** The nodes' environment (PINs, passwords, sealing key), without a port. */
    Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    List<X509Certificate> chain() {
        return List.copyOf(chain);
    }

    /** Starts node {@code index} on its port and waits until haproxy has it up. */
    ServerProcess start(int index) throws IOException, InterruptedException {
        Map<String, String> own = new HashMap<>(environment);
        own.put("KEYBOUND_LISTEN_PORT", Integer.toString(ports[index]));
        nodes[index] = ServerProcess.start(directory, config, own);
        assertTrue(haproxy.await(name(index), "UP", UP_TIMEOUT), name(index) + " never up in haproxy: "
                + haproxy.statuses() + "\n" + haproxy.output() + "\n" + nodes[index].output());
        return nodes[index];
    }

    /** The running process of node {@code index}. */
    ServerProcess node(int index) {
        return nodes[index];
    }

    /** Forgets node {@code index} once the caller has killed or stopped it. */
    void stopped(int index) {
        nodes[index] = null;
    }

    /** A client of node {@code index} itself, bypassing haproxy. */
    BankClient direct(int index) {
        return BankClient.connect(new BankSettings(URI.create("https://127.0.0.1:" + ports[index]), chain), Optional.empty());
    }

    /** A client of the bank through haproxy. */
    BankClient balanced(Optional<X509KeyManager> keys) {
        return BankClient.connect(new BankSettings(URI.create("https://127.0.0.1:" + haproxy.port()), chain), keys);
    }

    BackOfficeClient backOffice() {
        return balanced(Optional.empty()).backOffice(operatorKey.copy());
    }

    /** Back office through {@code client} (a node's own), with the operator's key. */
    BackOfficeClient backOffice(BankClient client) {
        return client.backOffice(operatorKey.copy());
    }

    /** A new contract whose administrator has acquired a certificate for a software key. */
    Administrator administrator(BackOfficeClient office) {
        BankApi.OpenedContract contract = office.openContract(BANK, Optional.empty());
        KeyPair keys = SoftwareKeys.ec();
        X509Certificate certificate = BankClient.certificate(balanced(Optional.empty()).acquireAdministrator(
                new BankApi.AdministratorAcquisition(contract.contractId(), contract.contractPin().copy(),
                        contract.confirmationPin().copy(), csr(keys), TOKEN, null)));
        return new Administrator(contract, keys, certificate);
    }

    /** A complete administrator logon through {@code client}: mTLS, then イ and the card cells asked. */
    static BankApi.Session logon(BankClient client, Administrator admin) {
        BankApi.SecondStep step = client.logonWithCertificate();
        BankApi.Session session = client.completeWithCard(step.attempt(), admin.contract().contractPin().copy(),
                cardDigits(admin.contract().card(), step.cardCells()));
        if (session.session() == null) {
            throw new IllegalStateException("no session");
        }
        return session;
    }

    static Secret cardDigits(BankApi.CustomerCard card, List<String> labels) {
        return Secret.concat(labels.stream().map(CardCell::parse).map(cell -> card.cells().get(cell.row()).get(cell.column())).toList());
    }

    /** Presents the administrator's certificate in the TLS handshake. */
    static X509KeyManager keyManager(Administrator admin) {
        return SoftwareKeys.keyManager(admin.keys(), admin.certificate());
    }

    /** A certificate request (base64 DER) for a new P-256 software key. */
    static String csr() {
        return csr(SoftwareKeys.ec());
    }

    static String csr(KeyPair keys) {
        return Base64.getEncoder().encodeToString(SoftwareKeys.csr(keys, "CN=node"));
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Kills every node still running, then haproxy. */
    @Override
    public void close() {
        for (ServerProcess node : nodes) {
            if (node != null) {
                node.close();
            }
        }
        haproxy.close();
    }
}
