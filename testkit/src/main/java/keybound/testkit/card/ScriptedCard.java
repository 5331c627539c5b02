package keybound.testkit.card;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Locale;
import javax.smartcardio.ATR;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * A card that plays a fixed exchange, reached through javax.smartcardio like any reader's card
 * (so the code under test connects to {@link #terminal()} exactly as it connects to PC/SC).
 * Each command must equal the next expected one byte for byte and gets the scripted response;
 * any other command fails the test. Hex may contain spaces and {@code |}, so a script can
 * separate header, Lc with data, and Le the way a spec writes them.
 */
public final class ScriptedCard extends Card {

    private static final HexFormat HEX = HexFormat.of();
    private static final ATR ATR = new ATR(HEX.parseHex("3b8080010101"));

    private record Step(String command, String response) {
    }

    private final Deque<Step> steps = new ArrayDeque<>();
    private final CardChannel channel = new Channel();
    private Boolean resetOnDisconnect;

    /** Expects {@code command} next and answers {@code response} (data, then SW1 SW2). */
    public ScriptedCard expect(String command, String response) {
        steps.add(new Step(compact(command), compact(response)));
        return this;
    }

    /** A reader holding this card; {@code connect} answers this card whatever the protocol asked. */
    public CardTerminal terminal() {
        return new Terminal();
    }

    /** Fails unless every scripted command was sent. */
    public void assertDone() {
        assertEquals(0, steps.size(), () -> "commands not sent: " + steps);
    }

    /** Whether the host disconnected, and if so whether it asked for a reset (null: still connected). */
    public Boolean resetOnDisconnect() {
        return resetOnDisconnect;
    }

    @Override
    public ATR getATR() {
        return ATR;
    }

    @Override
    public String getProtocol() {
        return "T=1";
    }

    @Override
    public CardChannel getBasicChannel() {
        return channel;
    }

    @Override
    public CardChannel openLogicalChannel() throws CardException {
        throw new CardException("the scripted card has the basic channel only");
    }

    @Override
    public void beginExclusive() {
    }

    @Override
    public void endExclusive() {
    }

    @Override
    public byte[] transmitControlCommand(int controlCode, byte[] command) throws CardException {
        throw new CardException("the scripted card takes no control commands");
    }

    @Override
    public void disconnect(boolean reset) {
        resetOnDisconnect = reset;
    }

    private ResponseAPDU play(CommandAPDU command) {
        String sent = HEX.formatHex(command.getBytes());
        Step step = steps.poll();
        if (step == null) {
            throw new AssertionError("unexpected command " + sent + " after the script ended");
        }
        assertEquals(step.command(), sent, "command APDU");
        return new ResponseAPDU(HEX.parseHex(step.response()));
    }

    private static String compact(String hex) {
        return hex.replace(" ", "").replace("|", "").toLowerCase(Locale.ROOT);
    }

    private final class Channel extends CardChannel {
        @Override
        public Card getCard() {
            return ScriptedCard.this;
        }

        @Override
        public int getChannelNumber() {
            return 0;
        }

        @Override
        public ResponseAPDU transmit(CommandAPDU command) {
            return play(command);
        }

        @Override
        public int transmit(ByteBuffer command, ByteBuffer response) {
            byte[] bytes = new byte[command.remaining()];
            command.get(bytes);
            byte[] answer = play(new CommandAPDU(bytes)).getBytes();
            response.put(answer);
            return answer.length;
        }

        @Override
        public void close() throws CardException {
            throw new IllegalStateException("the basic channel cannot be closed");
        }
    }

    private final class Terminal extends CardTerminal {
        @Override
        public String getName() {
            return "scripted reader";
        }

        @Override
        public Card connect(String protocol) {
            resetOnDisconnect = null;
            return ScriptedCard.this;
        }

        @Override
        public boolean isCardPresent() {
            return true;
        }

        @Override
        public boolean waitForCardPresent(long timeout) {
            return true;
        }

        @Override
        public boolean waitForCardAbsent(long timeout) {
            return false;
        }
    }
}
