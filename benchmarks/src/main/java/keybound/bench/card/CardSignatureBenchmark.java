package keybound.bench.card;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import javax.smartcardio.TerminalFactory;
import keybound.bench.Benchmark;
import keybound.cardsim.ManufacturerCa;
import keybound.cardsim.SimulatedCard;
import keybound.testkit.pcsc.VirtualReader;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.Secret;
import keybound.token.Token;
import keybound.token.TokenSelector;
import keybound.token.TokenSession;
import keybound.token.card.CardTokenSource;
import keybound.token.card.transport.CountingTransport;

/**
 * Signatures per second and APDUs per signature through the Token API, for the card in-process
 * (jcardsim terminal) and through PC/SC (pcscd + vpcd + our bridge). Run: {@code benchmarks/run card}.
 * Prints a Markdown table.
 */
public final class CardSignatureBenchmark implements Benchmark {
    private static final ManufacturerCa MANUFACTURER = ManufacturerCa.create("keybound bench manufacturer");
    private static final byte[] CHALLENGE = new byte[32];
    /** Message bytes per chained SIGN part (AppletCommands.PART). */
    private static final int PART = 254;

    private record Row(String transport, String operation, int iterations, double perSecond, double apdusEach) {
    }

    @Override
    public void run(List<String> args) {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException("the card benchmark takes no options, got " + args);
        }
        var rows = new ArrayList<Row>();
        try (var warmUp = new CountedCard(SimulatedCard.personalised(MANUFACTURER), null)) {
            measure("warm-up", warmUp); // JIT-compiles jcardsim and the host code; results discarded
        }
        try (var card = new CountedCard(SimulatedCard.personalised(MANUFACTURER), null)) {
            rows.addAll(measure("in-process (jcardsim terminal)", card));
        }
        SimulatedCard simulated = SimulatedCard.personalised(MANUFACTURER);
        try (VirtualReader reader = VirtualReader.insert(simulated.simulator());
             var card = new CountedCard(simulated, CardTokenSource.of(TerminalFactory.getDefault()))) {
            rows.addAll(measure("PC/SC (pcscd + vpcd bridge, " + reader.terminal().getName() + ")", card));
        }
        var table = new StringBuilder("| transport | operation | iterations | per second | APDUs each |\n|---|---|---:|---:|---:|\n");
        for (Row r : rows) {
            table.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.2f |%n", r.transport(), r.operation(),
                    r.iterations(), r.perSecond(), r.apdusEach()));
        }
        System.out.println(table);
    }

    private static List<Row> measure(String transport, CountedCard card) {
        Token token = card.token();
        var rows = new ArrayList<Row>();
        try (Secret pin = pin(); TokenSession session = token.open(pin)) {
            KeyRef ec = session.generateKeyPair(KeyAlgorithm.EC_P256, "bench-ec");
            KeyRef rsa = session.generateKeyPair(KeyAlgorithm.RSA_2048, "bench-rsa");
            rows.add(signLoop(transport, "sign ECDSA P-256 (32 bytes), open session", card, session, ec, 1000, CHALLENGE));
            rows.add(signLoop(transport, "sign RSA-2048 PKCS#1 (32 bytes), open session", card, session, rsa, 300, CHALLENGE));
            rows.add(signLoop(transport, "sign ECDSA P-256 (1000 bytes, chained)", card, session, ec, 300, new byte[1000]));
            rows.add(logonLoop(transport, card, token, ec, 500));
            session.delete(ec);
            session.delete(rsa);
        }
        return rows;
    }

    private static Row signLoop(String transport, String operation, CountedCard card, TokenSession session, KeyRef key,
                                int n, byte[] message) {
        for (int i = 0; i < n / 10; i++) {
            session.sign(key, key.algorithm().defaultSignature(), message);
        }
        long apdus = card.apdus();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            session.sign(key, key.algorithm().defaultSignature(), message);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double each = (card.apdus() - apdus) / (double) n;
        expect((message.length + PART - 1) / PART, each, operation);
        return new Row(transport, operation, n, n / seconds, each);
    }

    /** The logon pattern: open (VERIFY), sign, close (the inner lease; the outer one keeps the login). */
    private static Row logonLoop(String transport, CountedCard card, Token token, KeyRef key, int n) {
        long apdus = card.apdus();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            try (Secret pin = pin(); TokenSession s = token.open(pin)) {
                s.sign(key, key.algorithm().defaultSignature(), CHALLENGE);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double each = (card.apdus() - apdus) / (double) n;
        expect(2, each, "logon (VERIFY + SIGN)");
        return new Row(transport, "logon: open with PIN + sign ECDSA", n, n / seconds, each);
    }

    /** A rate is only worth printing if each operation cost the APDUs it should. */
    private static void expect(int apdus, double measured, String operation) {
        if (measured != apdus) {
            throw new IllegalStateException(operation + ": " + measured + " APDUs each, expected " + apdus);
        }
    }

    private static Secret pin() {
        return Secret.of(SimulatedCard.PIN);
    }

    /** A personalised card behind the Token API, with the APDUs reaching it counted. */
    private static final class CountedCard implements AutoCloseable {
        private final SimulatedCard card;
        private final CardTokenSource source;
        private final AtomicReference<CountingTransport> counter = new AtomicReference<>();

        /** {@code card} in jcardsim's in-process terminal, or found among the readers of {@code readers}. */
        CountedCard(SimulatedCard card, CardTokenSource readers) {
            this.card = card;
            this.source = (readers != null ? readers : CardTokenSource.of(card.terminal())).withDecorator(t -> {
                var counting = new CountingTransport(t);
                counter.set(counting);
                return counting;
            });
        }

        Token token() {
            return source.token(TokenSelector.serial(card.serial()));
        }

        long apdus() {
            return counter.get().count();
        }

        @Override
        public void close() {
            source.close();
        }
    }
}
