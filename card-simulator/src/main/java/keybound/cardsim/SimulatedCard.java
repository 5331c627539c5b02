package keybound.cardsim;

import com.licel.jcardsim.smartcardio.CardSimulator;
import com.licel.jcardsim.smartcardio.CardTerminalSimulator;
import com.licel.jcardsim.utils.AIDUtil;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import keybound.applet.KeyboundApplet;
import keybound.applet.PivApplet;
import keybound.applet.PivProtocol;
import keybound.applet.Protocol;

/**
 * The keybound applet installed in an in-process jcardsim {@link CardSimulator} and personalised
 * as a card factory would: PIN, PUK and serial, an attestation key certified by a
 * {@link ManufacturerCa}, then locked. The PIV role ({@link PivApplet}) is installed beside it and
 * works on the same keys and PIN. {@link #terminal()} reaches it through javax.smartcardio.
 */
public final class SimulatedCard {

    public static final String PIN = "123456";
    public static final String PUK = "12345678";
    private static final AtomicInteger SERIALS = new AtomicInteger();

    static {
        // jcardsim's RandomData is an unseeded, fixed sequence unless told to seed itself from
        // SecureRandom; the applet makes its keys from it (see the applet's EcKeyMaker)
        System.setProperty("com.licel.jcardsim.randomdata.secure", "1");
    }

    private final CardSimulator simulator;
    private final String serial;
    private final X509Certificate attestationCertificate;
    private CardTerminal terminal;

    private SimulatedCard(CardSimulator simulator, String serial, X509Certificate attestationCertificate) {
        this.simulator = simulator;
        this.serial = serial;
        this.attestationCertificate = attestationCertificate;
    }

    /** A fresh card with a serial unique in this JVM, the default PIN and PUK. */
    public static SimulatedCard personalised(ManufacturerCa manufacturer) {
        return personalised(manufacturer, String.format("KB%06d-%04d", ProcessHandle.current().pid() % 1_000_000,
                SERIALS.incrementAndGet()));
    }

    public static SimulatedCard personalised(ManufacturerCa manufacturer, String serial) {
        var simulator = new CardSimulator();
        return new SimulatedCard(simulator, serial, personalise(simulator, manufacturer, serial));
    }

    /**
     * The card kept in {@code stateFile}: read back if the file exists, else a new one personalised
     * with {@code serial} by {@code manufacturer}'s factory, and written there. Every command the
     * card answers is saved to the file (mode 0600) before its answer is returned.
     * <b>Simulation only: the file holds the card's private keys in the clear.</b>
     */
    public static SimulatedCard persistent(Path stateFile, Supplier<ManufacturerCa> manufacturer, String serial) {
        var runtime = new FileBackedRuntime(stateFile);
        var simulator = new CardSimulator(runtime);
        if (runtime.restore()) {
            return new SimulatedCard(simulator, runtime.serial(), certificate(runtime.attestationCertificate()));
        }
        X509Certificate certificate = personalise(simulator, manufacturer.get(), serial);
        runtime.describe(serial, der(certificate));
        return new SimulatedCard(simulator, serial, certificate);
    }

    /** Installs both applets on {@code simulator}, personalises and locks the card; its attestation certificate. */
    private static X509Certificate personalise(CardSimulator simulator, ManufacturerCa manufacturer, String serial) {
        simulator.installApplet(AIDUtil.create(Protocol.aid()), KeyboundApplet.class);
        simulator.installApplet(AIDUtil.create(PivProtocol.aid()), PivApplet.class);
        simulator.selectApplet(AIDUtil.create(Protocol.aid()));
        byte[] point = expectOk(simulator.transmitCommand(new CommandAPDU(Protocol.CLA_PROPRIETARY & 0xFF,
                Protocol.INS_PERSONALISE & 0xFF, 0, 0, lv(PIN, PUK, serial), 256)), "personalise");
        X509Certificate certificate = manufacturer.certifyAttestationKey(point, serial);
        upload(simulator, der(certificate));
        expectOk(simulator.transmitCommand(new CommandAPDU(Protocol.CLA_PROPRIETARY & 0xFF,
                Protocol.INS_LOCK_PERSONALISATION & 0xFF, 0, 0)), "lock personalisation");
        simulator.reset();
        return certificate;
    }

    private static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalStateException("the card state holds no readable attestation certificate", e);
        }
    }

    public CardSimulator simulator() {
        return simulator;
    }

    public String serial() {
        return serial;
    }

    public X509Certificate attestationCertificate() {
        return attestationCertificate;
    }

    /** The card in a javax.smartcardio terminal of its own (made once). */
    public synchronized CardTerminal terminal() {
        if (terminal == null) {
            terminal = CardTerminalSimulator.terminal(simulator, "jcardsim " + serial);
        }
        return terminal;
    }

    private static void upload(CardSimulator simulator, byte[] der) {
        byte[] body = new byte[der.length + 2];
        body[0] = (byte) (der.length >> 8);
        body[1] = (byte) der.length;
        System.arraycopy(der, 0, body, 2, der.length);
        for (int off = 0; off < body.length; off += Protocol.MAX_SHORT_DATA) {
            int end = Math.min(body.length, off + Protocol.MAX_SHORT_DATA);
            int cla = end == body.length ? Protocol.CLA_PROPRIETARY & 0xFF
                    : (Protocol.CLA_PROPRIETARY | Protocol.CLA_CHAINING_BIT) & 0xFF;
            expectOk(simulator.transmitCommand(new CommandAPDU(cla, Protocol.INS_PUT_ATTESTATION_CERTIFICATE & 0xFF, 0, 0,
                    Arrays.copyOfRange(body, off, end))), "store the attestation certificate");
        }
    }

    private static byte[] expectOk(ResponseAPDU response, String what) {
        if (response.getSW() != 0x9000) {
            throw new IllegalStateException(String.format("cannot %s: SW %04X", what, response.getSW()));
        }
        return response.getData();
    }

    private static byte[] lv(String... fields) {
        var out = new ByteArrayOutputStream();
        for (String f : fields) {
            byte[] b = f.getBytes(StandardCharsets.US_ASCII);
            out.write(b.length);
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
