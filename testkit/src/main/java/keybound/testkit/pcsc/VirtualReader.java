package keybound.testkit.pcsc;

import com.licel.jcardsim.smartcardio.CardSimulator;
import keybound.cardsim.VpcdBridge;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;

/**
 * A simulated card in the vpcd reader, reached through pcscd and the JDK's ordinary PC/SC
 * provider ({@code TerminalFactory.getDefault()}) exactly as a card in a USB reader would be.
 * vpcd has one reader on {@link Pcscd#VPCD_PORT}, so one card is inserted at a time; closing
 * this takes the card out (use try-with-resources or an AfterEach/AfterAll so it happens when a
 * test fails too).
 */
public final class VirtualReader implements AutoCloseable {

    /** vpcd's reader for port 35963 (the first of its two slots). */
    public static final String READER_NAME_PREFIX = "Virtual PCD 00 00";
    private static final Semaphore ONE_CARD = new Semaphore(1);
    /** Generous: pcscd notices a card coming or going on its next poll of vpcd, late on a loaded machine. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final VpcdBridge bridge;
    private final CardTerminal terminal;
    private boolean closed;

    private VirtualReader(VpcdBridge bridge, CardTerminal terminal) {
        this.bridge = bridge;
        this.terminal = terminal;
    }

    /** Starts pcscd if needed and inserts {@code card} into the virtual reader. */
    public static VirtualReader insert(CardSimulator card) {
        Pcscd.ensureRunning();
        try {
            ONE_CARD.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        VpcdBridge bridge = null;
        try {
            bridge = VpcdBridge.connect(card, Pcscd.VPCD_PORT);
            CardTerminal terminal = awaitTerminal(bridge);
            return new VirtualReader(bridge, terminal);
        } catch (RuntimeException e) {
            if (bridge != null) {
                bridge.close();
            }
            ONE_CARD.release();
            throw e;
        }
    }

    /** The reader, as the JDK's PC/SC provider lists it. */
    public CardTerminal terminal() {
        return terminal;
    }

    private static CardTerminal awaitTerminal(VpcdBridge bridge) {
        TerminalFactory factory = freshFactory();
        Instant deadline = Instant.now().plus(WAIT);
        CardException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (bridge.failure() != null) {
                throw new IllegalStateException("the vpcd bridge failed", bridge.failure());
            }
            try {
                Optional<CardTerminal> reader = withCard(factory);
                if (reader.isPresent()) {
                    return reader.get();
                }
            } catch (CardException e) {
                last = e; // no reader yet
            }
            Pcscd.sleep(20);
        }
        throw new IllegalStateException("the virtual card did not appear in a PC/SC reader within "
                + WAIT.toSeconds() + " s", last);
    }

    /**
     * Waits until pcscd reports a card in the vpcd reader ({@code present}) or none, for a card put
     * there by another process (such as {@code keybound card simulate}): pcscd notices a card coming
     * or going only on its next poll of vpcd, later still on a loaded machine.
     *
     * @throws IllegalStateException if pcscd does not report it within {@code within}
     */
    public static void awaitCard(boolean present, Duration within) {
        Pcscd.ensureRunning();
        TerminalFactory factory = freshFactory();
        Instant deadline = Instant.now().plus(within);
        CardException last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                if (withCard(factory).isPresent() == present) {
                    return;
                }
            } catch (CardException e) {
                last = e; // no reader listed yet
            }
            Pcscd.sleep(50);
        }
        throw new IllegalStateException("pcscd did not report the vpcd reader " + (present ? "with" : "without")
                + " a card within " + within.toSeconds() + " s", last);
    }

    /** The vpcd reader if pcscd reports a card in it. */
    private static Optional<CardTerminal> withCard(TerminalFactory factory) throws CardException {
        for (CardTerminal t : factory.terminals().list()) {
            if (t.getName().startsWith(READER_NAME_PREFIX) && t.isCardPresent()) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * A factory with a PC/SC context of its own: the JVM-wide default keeps its first context,
     * which is stale if that context was made with another JVM's pcscd, since stopped.
     */
    private static TerminalFactory freshFactory() {
        try {
            return TerminalFactory.getInstance("PC/SC", null);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no PC/SC provider", e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            bridge.close();
            awaitRemoval();
        } finally {
            ONE_CARD.release();
        }
    }

    private void awaitRemoval() {
        try {
            terminal.waitForCardAbsent(WAIT.toMillis());
        } catch (CardException e) {
            // the reader is gone altogether: the card is out too
        }
    }
}
