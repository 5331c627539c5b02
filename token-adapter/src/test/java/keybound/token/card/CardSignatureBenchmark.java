package keybound.token.card;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.smartcardio.TerminalFactory;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.Token;
import keybound.token.TokenSession;
import keybound.cardsim.SimulatedCard;
import keybound.testkit.pcsc.VirtualReader;
import org.junit.jupiter.api.Test;

/**
 * Signatures per second and APDUs per signature through the Token API, for the card in-process
 * (jcardsim terminal) and through PC/SC (pcscd + vpcd + our bridge). Not part of the test run
 * (the name does not end in Test); run it with
 * {@code mvn -B -pl token-adapter -am test -Dtest=CardSignatureBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * Prints a Markdown table to the test output and to {@code target/benchmarks-card.md}.
 */
class CardSignatureBenchmark {
    private static final byte[] CHALLENGE = new byte[32];

    private record Row(String transport, String operation, int iterations, double perSecond, double apdusEach) {
    }

    @Test
    void measure() throws IOException {
        var rows = new ArrayList<Row>();
        try (var warmUp = new CardFixture()) {
            run("warm-up", warmUp); // JIT-compiles jcardsim and the host code; results discarded
        }
        try (var fixture = new CardFixture()) {
            rows.addAll(run("in-process (jcardsim terminal)", fixture));
        }
        SimulatedCard card = SimulatedCard.personalised(CardFixture.MANUFACTURER);
        try (VirtualReader reader = VirtualReader.insert(card.simulator());
             var fixture = CardFixture.through(card, CardTokenSource.of(TerminalFactory.getDefault()))) {
            rows.addAll(run("PC/SC (pcscd + vpcd bridge, " + reader.terminal().getName() + ")", fixture));
        }
        var table = new StringBuilder("| transport | operation | iterations | per second | APDUs each |\n|---|---|---:|---:|---:|\n");
        for (Row r : rows) {
            table.append(String.format("| %s | %s | %d | %.1f | %.2f |%n", r.transport(), r.operation(), r.iterations(),
                    r.perSecond(), r.apdusEach()));
        }
        System.out.println(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "benchmarks-card.md"), table);
    }

    private static List<Row> run(String transport, CardFixture fixture) {
        Token token = fixture.token();
        var rows = new ArrayList<Row>();
        try (TokenSession session = token.open(CardFixture.pin())) {
            KeyRef ec = session.generateKeyPair(KeyAlgorithm.EC_P256, "bench-ec");
            KeyRef rsa = session.generateKeyPair(KeyAlgorithm.RSA_2048, "bench-rsa");
            rows.add(signLoop(transport, "sign ECDSA P-256 (32 bytes), open session", fixture, session, ec, 1000));
            rows.add(signLoop(transport, "sign RSA-2048 PKCS#1 (32 bytes), open session", fixture, session, rsa, 300));
            rows.add(signLoop(transport, "sign ECDSA P-256 (1000 bytes, chained)", fixture, session, ec, 300, new byte[1000]));
            rows.add(logonLoop(transport, fixture, token, ec, 500));
            session.delete(ec);
            session.delete(rsa);
        }
        return rows;
    }

    private static Row signLoop(String transport, String operation, CardFixture fixture, TokenSession session, KeyRef key, int n) {
        return signLoop(transport, operation, fixture, session, key, n, CHALLENGE);
    }

    private static Row signLoop(String transport, String operation, CardFixture fixture, TokenSession session, KeyRef key,
                                int n, byte[] message) {
        for (int i = 0; i < n / 10; i++) {
            session.sign(key, key.algorithm().defaultSignature(), message);
        }
        long apdus = fixture.apdus();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            session.sign(key, key.algorithm().defaultSignature(), message);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double each = (fixture.apdus() - apdus) / (double) n;
        if (message.length <= AppletCommands.PART) {
            assertEquals(1.0, each, "one SIGN APDU per signature");
        }
        return new Row(transport, operation, n, n / seconds, each);
    }

    /** The logon pattern: open (VERIFY), sign, close (the inner lease; the outer one keeps the login). */
    private static Row logonLoop(String transport, CardFixture fixture, Token token, KeyRef key, int n) {
        long apdus = fixture.apdus();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            try (TokenSession s = token.open(CardFixture.pin())) {
                s.sign(key, key.algorithm().defaultSignature(), CHALLENGE);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double each = (fixture.apdus() - apdus) / (double) n;
        assertEquals(2.0, each, "VERIFY + SIGN");
        return new Row(transport, "logon: open with PIN + sign ECDSA", n, n / seconds, each);
    }
}
