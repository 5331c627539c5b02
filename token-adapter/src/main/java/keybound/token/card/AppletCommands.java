package keybound.token.card;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import keybound.applet.Protocol;
import keybound.token.Secret;
import keybound.token.card.transport.ApduTransport;

/**
 * The host side of the applet's protocol, one method per instruction (see token-applet/APDU.md).
 * Status words other than 9000 become Token API exceptions through {@link StatusWords}. Methods
 * are synchronised so that a chained command is never interleaved with another.
 */
public final class AppletCommands implements AutoCloseable {

    /**
     * Data bytes per chained part. 254, not 255: a case-4 command with 255 data bytes and Le is
     * 261 bytes, one more than jcardsim's APDU buffer takes.
     */
    static final int PART = Protocol.MAX_SHORT_DATA - 1;
    private static final int NE = 256;

    private final ApduTransport transport;
    private volatile String name = "(unselected)";

    public AppletCommands(ApduTransport transport) {
        this.transport = transport;
    }

    /** SELECT the applet; answers its status. */
    public synchronized CardStatus select() {
        ResponseAPDU r = transport.transmit(new CommandAPDU(0x00, Protocol.INS_SELECT & 0xFF, 0x04, 0x00, Protocol.aid(), NE));
        StatusWords.check(r.getSW(), name, "select the keybound applet");
        CardStatus status = CardStatus.parse(r.getData());
        name = status.serial();
        return status;
    }

    public synchronized CardStatus status() {
        return CardStatus.parse(data(proprietary(Protocol.INS_GET_STATUS, 0, 0, null), "report its status"));
    }

    /** VERIFY the user PIN; the PIN's bytes are wiped here. */
    public synchronized void verify(Secret pin) {
        byte[] pinBytes = ascii(pin);
        try {
            check(new CommandAPDU(0x00, Protocol.INS_VERIFY & 0xFF, 0, Protocol.P2_PIN & 0xFF, pinBytes), "verify the PIN");
        } finally {
            Arrays.fill(pinBytes, (byte) 0);
        }
    }

    /** VERIFY with P1 = FF: the card forgets that the PIN was verified. */
    public synchronized void logout() {
        check(new CommandAPDU(0x00, Protocol.INS_VERIFY & 0xFF, Protocol.P1_LOGOUT & 0xFF, Protocol.P2_PIN & 0xFF), "log out");
    }

    /** CHANGE REFERENCE DATA: data = oldLength old newLength new. */
    public synchronized void changePin(Secret oldPin, Secret newPin) {
        byte[] data = lv(oldPin, newPin);
        try {
            check(new CommandAPDU(0x00, Protocol.INS_CHANGE_REFERENCE_DATA & 0xFF, 0, Protocol.P2_PIN & 0xFF, data), "change the PIN");
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    /** RESET RETRY COUNTER: data = pukLength puk newLength new. */
    public synchronized void unblockPin(Secret puk, Secret newPin) {
        byte[] data = lv(puk, newPin);
        try {
            check(new CommandAPDU(0x00, Protocol.INS_RESET_RETRY_COUNTER & 0xFF, 0, Protocol.P2_PIN & 0xFF, data), "unblock the PIN");
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    public synchronized List<SlotEntry> listSlots() {
        return SlotEntry.parseAll(data(proprietary(Protocol.INS_LIST_SLOTS, 0, 0, null), "list its key slots"));
    }

    /** GENERATE a key pair in {@code slot}; answers the encoded public key. */
    public synchronized byte[] generate(int slot, byte keyType, String label) {
        return data(proprietary(Protocol.INS_GENERATE_KEY, slot, keyType, label.getBytes(StandardCharsets.UTF_8)),
                "generate a key pair");
    }

    public synchronized byte[] publicKey(int slot) {
        return data(proprietary(Protocol.INS_GET_PUBLIC_KEY, slot, 0, null), "read a public key");
    }

    /** SIGN {@code message} (chained in parts when long); answers the signature. */
    public synchronized byte[] sign(int slot, byte algorithm, byte[] message) {
        int offset = 0;
        while (message.length - offset > PART) {
            byte[] part = Arrays.copyOfRange(message, offset, offset + PART);
            check(new CommandAPDU(chained(Protocol.CLA_PROPRIETARY), Protocol.INS_SIGN & 0xFF, slot, algorithm, part), "sign");
            offset += PART;
        }
        return data(proprietary(Protocol.INS_SIGN, slot, algorithm, Arrays.copyOfRange(message, offset, message.length)), "sign");
    }

    /** PUT CERTIFICATE: the total length (2 bytes) then the DER, chained in parts. */
    public synchronized void putCertificate(int slot, byte[] der) {
        byte[] body = new byte[der.length + 2];
        body[0] = (byte) (der.length >> 8);
        body[1] = (byte) der.length;
        System.arraycopy(der, 0, body, 2, der.length);
        for (int offset = 0; offset < body.length; offset += PART) {
            int end = Math.min(body.length, offset + PART);
            boolean last = end == body.length;
            int cla = last ? Protocol.CLA_PROPRIETARY & 0xFF : chained(Protocol.CLA_PROPRIETARY);
            check(new CommandAPDU(cla, Protocol.INS_PUT_CERTIFICATE & 0xFF, slot, 0, Arrays.copyOfRange(body, offset, end)),
                    "store a certificate");
        }
    }

    /** GET CERTIFICATE; the certificate's DER (through GET RESPONSE when long). */
    public synchronized byte[] certificate(int slot) {
        return data(proprietary(Protocol.INS_GET_CERTIFICATE, slot, 0, null), "read a certificate");
    }

    public synchronized void delete(int slot) {
        check(new CommandAPDU(Protocol.CLA_PROPRIETARY & 0xFF, Protocol.INS_DELETE_KEY & 0xFF, slot, 0), "delete a key");
    }

    /** ATTEST: dataLength(2) AttestationData signature. */
    public synchronized byte[] attest(int slot, byte[] nonce) {
        return data(proprietary(Protocol.INS_ATTEST, slot, 0, nonce), "attest a key");
    }

    public synchronized byte[] attestationCertificate() {
        return data(proprietary(Protocol.INS_GET_ATTESTATION_CERTIFICATE, 0, 0, null), "read its attestation certificate");
    }

    @Override
    public void close() {
        transport.close();
    }

    private static CommandAPDU proprietary(byte ins, int p1, int p2, byte[] data) {
        return data == null || data.length == 0
                ? new CommandAPDU(Protocol.CLA_PROPRIETARY & 0xFF, ins & 0xFF, p1, p2, NE)
                : new CommandAPDU(Protocol.CLA_PROPRIETARY & 0xFF, ins & 0xFF, p1, p2, data, NE);
    }

    private static int chained(byte cla) {
        return (cla | Protocol.CLA_CHAINING_BIT) & 0xFF;
    }

    private byte[] data(CommandAPDU command, String what) {
        ResponseAPDU r = transport.transmit(command);
        StatusWords.check(r.getSW(), name, what);
        return r.getData();
    }

    private void check(CommandAPDU command, String what) {
        StatusWords.check(transport.transmit(command).getSW(), name, what);
    }

    private static byte[] ascii(Secret pin) {
        return pin.withChars(chars -> {
            byte[] out = new byte[chars.length];
            for (int i = 0; i < chars.length; i++) {
                // anything outside ASCII becomes FF, never a digit: 'ı' (U+0131) must not pass as '1'
                out[i] = chars[i] < 0x80 ? (byte) chars[i] : (byte) 0xFF;
            }
            return out;
        });
    }

    private static byte[] lv(Secret first, Secret second) {
        byte[] a = ascii(first);
        byte[] b = ascii(second);
        byte[] out = new byte[2 + a.length + b.length];
        out[0] = (byte) a.length;
        System.arraycopy(a, 0, out, 1, a.length);
        out[1 + a.length] = (byte) b.length;
        System.arraycopy(b, 0, out, 2 + a.length, b.length);
        Arrays.fill(a, (byte) 0);
        Arrays.fill(b, (byte) 0);
        return out;
    }
}
