package keybound.cli.card;

import com.licel.jcardsim.smartcardio.CardSimulator;
import com.licel.jcardsim.smartcardio.CardTerminalSimulator;
import com.licel.jcardsim.utils.AIDUtil;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import keybound.applet.KeyboundApplet;
import keybound.applet.Protocol;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Our applet in an in-process jcardsim card, personalised as a card factory would (PIN
 * {@value #PIN}, PUK {@value #PUK}, an attestation key certified by a throw-away manufacturer key).
 * A simulator keeps nothing when the process ends, so it serves the demo and the tests; real
 * cards are reached with {@code --card pcsc}.
 */
public final class SimulatedCardReader {

    public static final String PIN = "123456";
    public static final String PUK = "12345678";

    private static SimulatedCardReader shared;

    static {
        // jcardsim's RandomData is a fixed sequence unless told to seed from SecureRandom
        System.setProperty("com.licel.jcardsim.randomdata.secure", "1");
    }

    private final CardTerminal terminal;
    private final String serial;

    private SimulatedCardReader(String serial) {
        this.serial = serial;
        var simulator = new CardSimulator();
        simulator.installApplet(AIDUtil.create(Protocol.aid()), KeyboundApplet.class);
        simulator.selectApplet(AIDUtil.create(Protocol.aid()));
        byte[] point = expectOk(simulator.transmitCommand(new CommandAPDU(Protocol.CLA_PROPRIETARY & 0xFF,
                Protocol.INS_PERSONALISE & 0xFF, 0, 0, lv(PIN, PUK, serial), 256)), "personalise");
        upload(simulator, attestationCertificate(point, serial));
        expectOk(simulator.transmitCommand(new CommandAPDU(Protocol.CLA_PROPRIETARY & 0xFF,
                Protocol.INS_LOCK_PERSONALISATION & 0xFF, 0, 0)), "lock personalisation");
        simulator.reset();
        this.terminal = CardTerminalSimulator.terminal(simulator, "jcardsim " + serial);
    }

    /** A fresh card (the demo gives each simulated user their own). */
    public static SimulatedCardReader fresh(String serial) {
        return new SimulatedCardReader(serial);
    }

    /** This process's one simulated card, made on first use. */
    public static synchronized SimulatedCardReader shared() {
        if (shared == null) {
            shared = new SimulatedCardReader("SIM" + ProcessHandle.current().pid());
        }
        return shared;
    }

    public CardTerminal terminal() {
        return terminal;
    }

    public String serial() {
        return serial;
    }

    private static byte[] attestationCertificate(byte[] point, String serial) {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair manufacturer = generator.generateKeyPair();
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(new X500Name("CN=keybound simulated card maker"),
                    BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(3650))), new X500Name("CN=keybound card attestation " + serial),
                    publicKey(point, (ECPublicKey) manufacturer.getPublic()));
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(manufacturer.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer)).getEncoded();
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot certify the simulated card's attestation key", e);
        }
    }

    private static PublicKey publicKey(byte[] point, ECPublicKey sameCurve) throws GeneralSecurityException {
        int half = (point.length - 1) / 2;
        var w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 1 + half)),
                new BigInteger(1, Arrays.copyOfRange(point, 1 + half, point.length)));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, sameCurve.getParams()));
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
            throw new IllegalStateException("cannot " + what + " on the simulated card");
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
}
