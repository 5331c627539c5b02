package keybound.token.piv;

import com.yubico.yubikit.core.application.ApplicationNotAvailableException;
import com.yubico.yubikit.core.application.BadResponseException;
import com.yubico.yubikit.core.application.InvalidPinException;
import com.yubico.yubikit.core.smartcard.ApduException;
import com.yubico.yubikit.piv.ObjectId;
import com.yubico.yubikit.piv.PivSession;
import com.yubico.yubikit.piv.Slot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.smartcardio.CommandAPDU;
import keybound.applet.PivProtocol;
import keybound.token.PinLockedException;
import keybound.token.PinState;
import keybound.token.Secret;
import keybound.token.Token;
import keybound.token.TokenDeviceException;
import keybound.token.TokenException;
import keybound.token.TokenInfo;
import keybound.token.TokenKind;
import keybound.token.TokenNotPresentException;
import keybound.token.TokenSession;
import keybound.token.WrongPinException;
import keybound.token.card.CardLeases;
import keybound.token.card.StatusWords;
import keybound.token.card.transport.ApduTransport;

/**
 * Any PIV card (SP 800-73-4) as a {@link Token}: a YubiKey, or keybound's own card in its PIV
 * role. The PIV protocol is Yubico's {@link PivSession}; this class adds keybound's leases
 * ({@link CardLeases}: the card keeps the verified PIN until the PIV application is selected
 * again, so the last lease to close re-selects it) and maps every card answer to keybound's typed errors.
 *
 * <p>The serial is the CHUID's GUID when it is printable (keybound cards put their serial
 * there), else Yubico's serial number, else the GUID in hex. PIV stores no key labels: labels
 * given at generation are remembered while this object lives, and other keys are named after
 * their slot ({@code piv-9a}).
 */
public final class PivToken implements Token {

    /** Wrong tries a card allows before its PIN locks, when it does not say (the PIV default). */
    private static final int DEFAULT_PIN_TRIES = 3;
    /** A PIN longer than 8 bytes cannot be sent; this never-valid value is sent instead so the try still counts. */
    private static final char[] NEVER_A_PIN = new char[PivProtocol.PIN_FIELD];

    private final PivConnection connection;
    private final PivSession session;
    private final ManagementKey managementKey;
    private final CardLeases leases;
    private final String serial;
    private final Map<Slot, String> labels = new ConcurrentHashMap<>();

    private PivToken(PivConnection connection, PivSession session, ManagementKey managementKey, Runnable onClose) {
        this.connection = connection;
        this.session = session;
        this.managementKey = managementKey;
        // closing the connection resets the card: no verified PIN survives
        this.leases = new CardLeases(this, () -> "PIV token " + name(), this::forgetPin, connection::close, onClose);
        this.serial = readSerial();
    }

    /**
     * Selects the PIV application over {@code transport} (which this token then owns).
     *
     * @throws TokenNotPresentException the card has no PIV application
     */
    public static PivToken open(ApduTransport transport, ManagementKey managementKey, Runnable onClose) {
        var connection = new PivConnection(transport);
        try {
            return new PivToken(connection, new PivSession(connection), managementKey, onClose);
        } catch (ApplicationNotAvailableException e) {
            throw new TokenNotPresentException("The card has no PIV application", e);
        } catch (ApduException e) {
            throw StatusWords.toException(e.getSw() & 0xFFFF, "PIV card", "select the PIV application");
        } catch (IOException e) {
            throw transportFailure(e);
        }
    }

    /** One PIV operation on the card; yubikit's exceptions become keybound's. */
    interface Operation<T> {
        T run(PivSession session) throws IOException, ApduException, BadResponseException, InvalidPinException;
    }

    /** Runs {@code operation} with the card to itself; {@code what} names it in errors. */
    synchronized <T> T call(String what, Operation<T> operation) {
        leases.ensureOpen();
        try {
            return operation.run(session);
        } catch (InvalidPinException e) {
            int left = e.getAttemptsRemaining();
            throw left == 0 ? new PinLockedException(serial) : new WrongPinException(serial, left);
        } catch (ApduException e) {
            throw StatusWords.toException(e.getSw() & 0xFFFF, serial, what);
        } catch (BadResponseException e) {
            throw new TokenDeviceException("PIV_BAD_RESPONSE", "PIV card " + serial + " answered wrongly to " + what, e);
        } catch (IOException e) {
            throw transportFailure(e);
        }
    }

    private static TokenException transportFailure(IOException e) {
        if (e.getCause() instanceof TokenException cause) {
            return cause;
        }
        return new TokenDeviceException("PIV_IO", "Cannot reach the PIV card", e);
    }

    /** Proves the management key for this selection of the PIV application. */
    void authenticateManagement(PivSession s) throws IOException, ApduException, BadResponseException {
        byte[] key = managementKey.bytes();
        try {
            s.authenticate(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    String name() {
        return serial;
    }

    Map<Slot, String> labels() {
        return labels;
    }

    @Override
    public TokenInfo info() {
        int left = call("read the PIN state", PivSession::getPinAttempts);
        int total = DEFAULT_PIN_TRIES;
        if (session.supports(PivSession.FEATURE_METADATA)) {
            total = call("read the PIN metadata", s -> s.getPinMetadata().getTotalAttempts());
        }
        var pinState = new PinState(left < total, left == 1, left == 0, left);
        return new TokenInfo(TokenKind.PIV, serial, serial, "PIV card v" + session.getVersion(), "PIV", pinState);
    }

    @Override
    public TokenSession open(Secret pin) {
        return new PivTokenSession(this, leases.open(() -> pin.useChars(chars -> {
            char[] sendable = sendable(chars);
            try {
                call("verify the PIN", s -> {
                    s.verifyPin(sendable);
                    return null;
                });
            } finally {
                wipeIfOwn(sendable, chars);
            }
        })));
    }

    /** When the last lease closes: selecting the PIV application again makes the card forget the PIN. */
    private void forgetPin() {
        int sw = connection.transmit(new CommandAPDU(0x00, 0xA4, 0x04, 0x00, PivProtocol.aid(), 256));
        StatusWords.check(sw, serial, "select the PIV application again");
    }

    @Override
    public void changePin(Secret oldPin, Secret newPin) {
        oldPin.useChars(old -> newPin.useChars(fresh -> {
            requireSendable(fresh);
            char[] proof = sendable(old);
            try {
                call("change the PIN", s -> {
                    s.changePin(proof, fresh);
                    return null;
                });
            } finally {
                wipeIfOwn(proof, old);
            }
        }));
    }

    @Override
    public void unblockPin(Secret unblockSecret, Secret newPin) {
        unblockSecret.useChars(puk -> newPin.useChars(fresh -> {
            requireSendable(fresh);
            char[] proof = sendable(puk);
            try {
                call("unblock the PIN", s -> {
                    s.unblockPin(proof, fresh);
                    return null;
                });
            } finally {
                wipeIfOwn(proof, puk);
            }
        }));
    }

    /** A secret as PIV can carry it (8 bytes at most); a longer one becomes a value that is never right. */
    private static char[] sendable(char[] chars) {
        return utf8Length(chars) <= PivProtocol.PIN_FIELD ? chars : NEVER_A_PIN.clone();
    }

    private static void wipeIfOwn(char[] sent, char[] lent) {
        if (sent != lent) {
            Secret.wipe(sent);
        }
    }

    private static void requireSendable(char[] newPin) {
        if (utf8Length(newPin) > PivProtocol.PIN_FIELD) {
            throw new IllegalArgumentException("A PIV PIN is at most " + PivProtocol.PIN_FIELD + " bytes");
        }
    }

    /** UTF-8 length counted without making a String of the secret. */
    private static int utf8Length(char[] chars) {
        int bytes = 0;
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < chars.length && Character.isLowSurrogate(chars[i + 1])) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private String readSerial() {
        byte[] guid = call("read the CHUID", s -> {
            try {
                return PivTlv.value(s.getObject(ObjectId.CHUID), 0x34); // getObject strips the 53 wrapper
            } catch (ApduException e) {
                if ((e.getSw() & 0xFFFF) == 0x6A82) {
                    return null;
                }
                throw e;
            }
        });
        if (guid != null) {
            String text = new String(guid, StandardCharsets.US_ASCII).replace("\0", "");
            if (!text.isEmpty() && text.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
                return text;
            }
        }
        if (session.supports(PivSession.FEATURE_SERIAL)) {
            return Integer.toString(call("read the serial number", PivSession::getSerialNumber));
        }
        return guid != null ? HexFormat.of().formatHex(guid) : "unknown";
    }

    @Override
    public void close() {
        leases.close();
    }
}
