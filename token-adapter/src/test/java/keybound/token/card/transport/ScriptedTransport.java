package keybound.token.card.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Locale;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * A card that plays a fixed exchange: each command must equal the next expected one, byte for
 * byte, and gets the scripted response. Hex may contain spaces and |, so a script can separate
 * header, Lc, data and Le the way the spec writes them.
 *
 * <p>It implements {@link ApduTransport}, so it lives beside it in token-adapter's tests and
 * not in testkit: testkit is a test dependency of token-adapter and cannot depend on it.
 */
public final class ScriptedTransport implements ApduTransport {

    private static final HexFormat HEX = HexFormat.of();

    private record Step(String command, String response) {
    }

    private final Deque<Step> steps = new ArrayDeque<>();
    private boolean closed;

    /** Expects {@code command} next and answers {@code response} (data, then SW1 SW2). */
    public ScriptedTransport expect(String command, String response) {
        steps.add(new Step(compact(command), compact(response)));
        return this;
    }

    @Override
    public ResponseAPDU transmit(CommandAPDU command) {
        String sent = HEX.formatHex(command.getBytes());
        Step step = steps.poll();
        if (step == null) {
            throw new AssertionError("unexpected command " + sent + " after the script ended");
        }
        assertEquals(step.command(), sent, "command APDU");
        return new ResponseAPDU(HEX.parseHex(step.response()));
    }

    /** Fails unless every scripted command was sent. */
    public void assertDone() {
        assertEquals(0, steps.size(), () -> "commands not sent: " + steps);
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }

    private static String compact(String hex) {
        return hex.replace(" ", "").replace("|", "").toLowerCase(Locale.ROOT);
    }
}
