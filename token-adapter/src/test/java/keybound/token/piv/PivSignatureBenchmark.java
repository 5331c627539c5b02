package keybound.token.piv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.smartcardio.TerminalFactory;
import keybound.cardsim.ManufacturerCa;
import keybound.cardsim.SimulatedCard;
import keybound.testkit.pcsc.VirtualReader;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.Pin;
import keybound.token.Token;
import keybound.token.TokenSelector;
import keybound.token.TokenSession;
import keybound.token.card.transport.CountingTransport;
import org.junit.jupiter.api.Test;

/**
 * Signatures per second and APDUs per signature through the Token API for keybound's card in its
 * PIV role, reached with the PIV client (yubikit), in-process and through PC/SC; compare with
 * {@code CardSignatureBenchmark} (keybound's own protocol). Not part of the test run; run it with
 * {@code mvn -B -pl token-adapter -am test -Dtest=PivSignatureBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * Prints a Markdown table and writes {@code target/benchmarks-piv.md}.
 */
class PivSignatureBenchmark {
    private static final byte[] CHALLENGE = new byte[32];
    private static final ManufacturerCa MAKER = ManufacturerCa.create("keybound PIV benchmark maker");

    private record Row(String transport, String operation, int iterations, double perSecond, double apdusEach) {
    }

    @Test
    void measure() throws IOException {
        var rows = new ArrayList<Row>();
        SimulatedCard warm = SimulatedCard.personalised(MAKER);
        run("warm-up", warm, PivTokenSource.of(ManagementKey.FACTORY_DEFAULT, warm.terminal()));
        SimulatedCard card = SimulatedCard.personalised(MAKER);
        rows.addAll(run("in-process (jcardsim terminal)", card, PivTokenSource.of(ManagementKey.FACTORY_DEFAULT, card.terminal())));
        SimulatedCard inserted = SimulatedCard.personalised(MAKER);
        try (VirtualReader reader = VirtualReader.insert(inserted.simulator())) {
            var all = new PivTokenSource(() -> List.of(reader.terminal()), ManagementKey.FACTORY_DEFAULT, t -> t);
            rows.addAll(run("PC/SC (pcscd + vpcd bridge, " + reader.terminal().getName() + ")", inserted, all));
        }
        var table = new StringBuilder("| transport | operation | iterations | per second | APDUs each |\n|---|---|---:|---:|---:|\n");
        for (Row r : rows) {
            table.append(String.format("| %s | %s | %d | %.1f | %.2f |%n", r.transport(), r.operation(), r.iterations(),
                    r.perSecond(), r.apdusEach()));
        }
        System.out.println(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "benchmarks-piv.md"), table);
        TerminalFactory.getDefault(); // keeps the PC/SC provider loaded for the whole run
    }

    private static List<Row> run(String transport, SimulatedCard card, PivTokenSource plain) {
        var counter = new AtomicReference<CountingTransport>();
        var rows = new ArrayList<Row>();
        try (PivTokenSource source = plain.withDecorator(t -> {
            var counting = new CountingTransport(t);
            counter.set(counting);
            return counting;
        }); Pin pin = Pin.of(SimulatedCard.PIN)) {
            Token token = source.token(TokenSelector.serial(card.serial()));
            try (TokenSession session = token.open(pin)) {
                KeyRef ec = session.generateKeyPair(KeyAlgorithm.EC_P256, "bench-ec");
                KeyRef rsa = session.generateKeyPair(KeyAlgorithm.RSA_2048, "bench-rsa");
                rows.add(signLoop(transport, "sign ECDSA P-256 (digest on the host), open session", counter, session, ec, 1000));
                rows.add(signLoop(transport, "sign RSA-2048 PKCS#1 (padded on the host, chained), open session", counter, session, rsa, 300));
                long apdus = counter.get().count();
                long start = System.nanoTime();
                int n = 500;
                for (int i = 0; i < n; i++) {
                    try (TokenSession s = token.open(pin)) {
                        s.sign(ec, ec.algorithm().defaultSignature(), CHALLENGE);
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                rows.add(new Row(transport, "logon: open with PIN + sign ECDSA", n, n / seconds,
                        (counter.get().count() - apdus) / (double) n));
            }
        }
        return rows;
    }

    private static Row signLoop(String transport, String operation, AtomicReference<CountingTransport> counter,
                                TokenSession session, KeyRef key, int n) {
        for (int i = 0; i < n / 10; i++) {
            session.sign(key, key.algorithm().defaultSignature(), CHALLENGE);
        }
        long apdus = counter.get().count();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            session.sign(key, key.algorithm().defaultSignature(), CHALLENGE);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Row(transport, operation, n, n / seconds, (counter.get().count() - apdus) / (double) n);
    }
}
