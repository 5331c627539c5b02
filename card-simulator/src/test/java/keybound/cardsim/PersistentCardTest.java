package keybound.cardsim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.licel.jcardsim.utils.AIDUtil;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import keybound.applet.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A card kept in a file survives its simulator: a key generated before signs after a restart
 * (verified with the public key read before), the PIN counter is kept, the PIN must be verified
 * again, and the file is its owner's only.
 */
class PersistentCardTest {

    private static final byte[] WRONG_PIN = "000000".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PIN = SimulatedCard.PIN.getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path directory;

    @Test
    void keysAndPinCountersSurviveARestart() throws Exception {
        Path state = directory.resolve("card.state");
        ManufacturerCa maker = ManufacturerCa.create("test maker");
        SimulatedCard first = SimulatedCard.persistent(state, () -> maker, "PERSIST-1");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        select(first);
        ResponseAPDU attestation = first.simulator().transmitCommand(new CommandAPDU(0x80, Protocol.INS_GET_ATTESTATION_CERTIFICATE & 0xFF, 0, 0, 256));
        assertEquals(0x61, attestation.getSW1(), () -> String.format("SW %04X", attestation.getSW()));
        ResponseAPDU rest = first.simulator().transmitCommand(new CommandAPDU(0x00, 0xC0, 0, 0, attestation.getSW2() == 0 ? 256 : attestation.getSW2()));
        assertTrue(rest.getSW() == 0x9000 || rest.getSW1() == 0x61, () -> String.format("GET RESPONSE SW %04X", rest.getSW()));
        expect(first, 0x9000, new CommandAPDU(0x00, 0x20, 0x00, 0x81, PIN));
        byte[] typedKey = expect(first, 0x9000, new CommandAPDU(0x80, Protocol.INS_GENERATE_KEY & 0xFF, 0, 1,
                "k1".getBytes(StandardCharsets.US_ASCII), 256));
        expect(first, 0x63C2, new CommandAPDU(0x00, 0x20, 0x00, 0x81, WRONG_PIN));

        SimulatedCard second = SimulatedCard.persistent(state, () -> {
            throw new AssertionError("a kept card is not made again");
        }, "OTHER");
        assertEquals("PERSIST-1", second.serial());
        assertEquals(first.attestationCertificate(), second.attestationCertificate());
        select(second);
        byte[] message = "after a restart".getBytes(StandardCharsets.US_ASCII);
        expect(second, 0x6982, new CommandAPDU(0x80, Protocol.INS_SIGN & 0xFF, 0, 1, message, 256));
        expect(second, 0x63C1, new CommandAPDU(0x00, 0x20, 0x00, 0x81, WRONG_PIN));
        expect(second, 0x9000, new CommandAPDU(0x00, 0x20, 0x00, 0x81, PIN));
        assertArrayEquals(typedKey, expect(second, 0x9000, new CommandAPDU(0x80, Protocol.INS_GET_PUBLIC_KEY & 0xFF, 0, 0, 256)));
        byte[] signature = expect(second, 0x9000, new CommandAPDU(0x80, Protocol.INS_SIGN & 0xFF, 0, 1, message, 256));

        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(ecKey(typedKey));
        verifier.update(message);
        assertTrue(verifier.verify(signature), "the key made before the restart signs after it");
    }

    /** keyType(1)=01 keyLength(2) 04||X||Y. */
    private static PublicKey ecKey(byte[] typed) throws Exception {
        assertEquals(1, typed[0]);
        byte[] point = Arrays.copyOfRange(typed, 3, typed.length);
        var parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        var w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 33)), new BigInteger(1, Arrays.copyOfRange(point, 33, 65)));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, parameters.getParameterSpec(ECParameterSpec.class)));
    }

    private static void select(SimulatedCard card) {
        card.simulator().selectApplet(AIDUtil.create(Protocol.aid()));
    }

    private static byte[] expect(SimulatedCard card, int sw, CommandAPDU command) {
        ResponseAPDU response = card.simulator().transmitCommand(command);
        assertEquals(sw, response.getSW(), () -> String.format("SW %04X", response.getSW()));
        return response.getData();
    }
}
