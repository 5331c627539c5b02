package keybound.applet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.licel.jcardsim.smartcardio.CardSimulator;
import com.licel.jcardsim.utils.AIDUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import javacard.framework.AID;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * The applet installed in jcardsim, spoken to in raw APDUs. Counts the APDUs it sends and
 * follows 61xx with GET RESPONSE when asked to.
 */
final class Card {
    static final String PIN = "123456";
    static final String PUK = "87654321";
    static final String SERIAL = "KB-TEST-0001";

    static {
        // jcardsim's RandomData is an unseeded, fixed sequence unless told to seed itself
        System.setProperty("com.licel.jcardsim.randomdata.secure", "1");
    }

    final CardSimulator simulator = new CardSimulator();
    private final AID aid = AIDUtil.create(Protocol.aid());
    int apdus;

    byte[] attestationPoint;
    byte[] attestationCertificate;

    Card() {
        simulator.installApplet(aid, KeyboundApplet.class);
        simulator.installApplet(AIDUtil.create(PivProtocol.aid()), PivApplet.class);
        select();
    }

    /** A card personalised with {@link #PIN}, {@link #PUK} and {@link #SERIAL}, locked. */
    static Card personalised() {
        Card card = new Card();
        ResponseAPDU r = card.send(0x80, Protocol.INS_PERSONALISE, 0, 0, lv(PIN, PUK, SERIAL));
        assertSw(0x9000, r);
        card.attestationPoint = r.getData();
        card.attestationCertificate = AppletMakerCa.INSTANCE.certify(card.attestationPoint, SERIAL);
        assertSw(0x9000, card.upload(0x80, Protocol.INS_PUT_ATTESTATION_CERTIFICATE, 0, card.attestationCertificate, 255));
        assertSw(0x9000, card.send(0x80, Protocol.INS_LOCK_PERSONALISATION, 0, 0));
        card.apdus = 0;
        return card;
    }

    /** Everything observable without secrets: status, slots, public keys, certificates. */
    String snapshot() {
        var s = new StringBuilder();
        s.append(hex(sendLong(new CommandAPDU(0x80, Protocol.INS_GET_STATUS & 0xFF, 0, 0, 256)).getBytes()));
        s.append('|').append(hex(sendLong(new CommandAPDU(0x80, Protocol.INS_LIST_SLOTS & 0xFF, 0, 0, 256)).getBytes()));
        for (int slot = 0; slot < Protocol.SLOT_COUNT; slot++) {
            s.append('|').append(hex(sendLong(new CommandAPDU(0x80, Protocol.INS_GET_PUBLIC_KEY & 0xFF, slot, 0, 256)).getBytes()));
            s.append('|').append(hex(sendLong(new CommandAPDU(0x80, Protocol.INS_GET_CERTIFICATE & 0xFF, slot, 0, 256)).getBytes()));
        }
        return s.toString();
    }

    ResponseAPDU generate(int slot, int type, String label) {
        return sendLong(new CommandAPDU(0x80, Protocol.INS_GENERATE_KEY & 0xFF, slot, type,
                label.getBytes(StandardCharsets.UTF_8), 256));
    }

    ResponseAPDU select() {
        return send(new CommandAPDU(0x00, 0xA4, 0x04, 0x00, Protocol.aid(), 256));
    }

    /** Power cycle: RAM is cleared and the applet must be selected again. */
    void reset() {
        simulator.reset();
        select();
    }

    ResponseAPDU send(CommandAPDU command) {
        apdus++;
        return simulator.transmitCommand(command);
    }

    ResponseAPDU send(int cla, int ins, int p1, int p2, byte[] data) {
        return send(new CommandAPDU(cla, ins, p1, p2, data, 256));
    }

    ResponseAPDU send(int cla, int ins, int p1, int p2) {
        return send(new CommandAPDU(cla, ins, p1, p2, 256));
    }

    /** Sends and collects a long response through GET RESPONSE; returns data + final SW. */
    ResponseAPDU sendLong(CommandAPDU command) {
        ResponseAPDU r = send(command);
        var data = new ByteArrayOutputStream();
        while (r.getSW1() == 0x61) {
            data.writeBytes(r.getData());
            r = send(new CommandAPDU(0x00, Protocol.INS_GET_RESPONSE & 0xFF, 0, 0, r.getSW2() == 0 ? 256 : r.getSW2()));
        }
        data.writeBytes(r.getData());
        data.write(r.getSW1());
        data.write(r.getSW2());
        return new ResponseAPDU(data.toByteArray());
    }

    static void assertSw(int expected, ResponseAPDU r) {
        assertEquals(Integer.toHexString(expected), Integer.toHexString(r.getSW()), "status word");
    }

    static byte[] lv(String... fields) {
        var out = new ByteArrayOutputStream();
        for (String f : fields) {
            byte[] b = f.getBytes(StandardCharsets.US_ASCII);
            out.write(b.length);
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    ResponseAPDU verify(String pin) {
        return send(0x00, Protocol.INS_VERIFY, 0, Protocol.P2_PIN & 0xFF, pin.getBytes(StandardCharsets.US_ASCII));
    }

    /** Uploads in chained parts of {@code part} bytes; the first part carries the total length. */
    ResponseAPDU upload(int cla, int ins, int p1, byte[] body, int part) {
        byte[] all = new byte[body.length + 2];
        all[0] = (byte) (body.length >> 8);
        all[1] = (byte) body.length;
        System.arraycopy(body, 0, all, 2, body.length);
        ResponseAPDU r = null;
        for (int off = 0; off < all.length; off += part) {
            int n = Math.min(part, all.length - off);
            boolean last = off + n >= all.length;
            byte[] chunk = Arrays.copyOfRange(all, off, off + n);
            r = send(new CommandAPDU(cla | (last ? 0 : 0x10), ins, p1, 0, chunk));
            if (!last && r.getSW() != 0x9000) {
                return r;
            }
        }
        return r;
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
