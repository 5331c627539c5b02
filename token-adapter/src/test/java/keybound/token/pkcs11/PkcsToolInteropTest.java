package keybound.token.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.testkit.softhsm.SoftHsmTools;
import keybound.testkit.softhsm.TokenSpec;
import keybound.token.CredentialQuery;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyNotFoundException;
import keybound.token.KeyRef;
import keybound.token.Secret;
import keybound.token.SignatureAlgorithm;
import keybound.token.TokenSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * OpenSC's {@code pkcs11-tool --list-objects}, run as a separate process on the same token
 * directory, sees the private key, public key and certificate under one ID and label.
 */
@ExtendWith(SoftHsmExtension.class)
class PkcsToolInteropTest {

    /** One object as pkcs11-tool prints it: its kind line, label and ID. */
    record ListedObject(String kind, String label, String id) {
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void pkcs11ToolSeesKeyPairAndCertificateUnderOneIdAndLabel(KeyAlgorithm algorithm, SoftHsmTools tools)
            throws Exception {
        TokenSpec spec = SoftHsmTokens.create("p11-interop");
        KeyRef key;
        try (Pkcs11Token token = SoftHsmTokens.token(spec);
             Secret pin = Secret.of(spec.userPin());
             TokenSession session = token.open(pin)) {
            key = session.generateKeyPair(algorithm, "interop " + algorithm);
            session.storeCertificate(key, Pkcs11TokenTest.selfSigned(session, key, "CN=Interop " + algorithm));
        }
        List<ListedObject> objects = parse(tools.listObjects(spec.label(), spec.userPin()));

        assertEquals(3, objects.size(), objects.toString());
        for (String kind : List.of("Private Key Object", "Public Key Object", "Certificate Object")) {
            ListedObject object = objects.stream().filter(o -> o.kind().startsWith(kind)).findFirst().orElseThrow();
            assertEquals(key.label(), object.label(), kind);
            assertEquals(key.id(), object.id(), kind);
        }
        String expectedType = algorithm == KeyAlgorithm.EC_P256 ? "EC" : "RSA";
        assertTrue(objects.get(0).kind().contains(expectedType) || objects.get(1).kind().contains(expectedType));
    }

    @Test
    void aRelabelledKeyPairAndCertificateAreSeenUnderTheNewLabelOnly(SoftHsmTools tools) throws Exception {
        TokenSpec spec = SoftHsmTokens.create("p11-relabel");
        KeyRef renamed;
        try (Pkcs11Token token = SoftHsmTokens.token(spec);
             Secret pin = Secret.of(spec.userPin());
             TokenSession session = token.open(pin)) {
            KeyRef key = session.generateKeyPair(KeyAlgorithm.EC_P256, "bank-logon~rekey");
            session.storeCertificate(key, Pkcs11TokenTest.selfSigned(session, key, "CN=Relabel"));
            KeyRef other = session.generateKeyPair(KeyAlgorithm.EC_P256, "taken");
            assertThrows(IllegalArgumentException.class, () -> session.relabel(key, "taken"));
            renamed = session.relabel(key, "bank-logon");
            assertEquals(new KeyRef(key.id(), "bank-logon", KeyAlgorithm.EC_P256), renamed);
            assertEquals(renamed, session.find(CredentialQuery.label("bank-logon")).orElseThrow().key());
            assertTrue(session.find(CredentialQuery.label("bank-logon~rekey")).isEmpty());
            session.sign(renamed, SignatureAlgorithm.SHA256_WITH_ECDSA, new byte[] {1, 2, 3}); // still usable under its new name
            session.delete(other);
            assertThrows(KeyNotFoundException.class, () -> session.relabel(other, "gone"));
        }
        List<ListedObject> objects = parse(tools.listObjects(spec.label(), spec.userPin()));
        assertEquals(3, objects.size(), objects.toString());
        assertTrue(objects.stream().allMatch(o -> o.label().equals("bank-logon") && o.id().equals(renamed.id())), objects.toString());
    }

    /** Objects are blocks: a line "Xxx Object; ..." then indented "label:" and "ID:" lines. */
    static List<ListedObject> parse(String output) {
        List<ListedObject> objects = new ArrayList<>();
        String kind = null;
        String label = null;
        for (String line : output.split("\n", -1)) {
            if (!line.startsWith(" ") && line.contains("Object")) {
                kind = line.strip();
                label = null;
            } else if (kind != null && line.strip().startsWith("label:")) {
                label = line.substring(line.indexOf(':') + 1).strip();
            } else if (kind != null && line.strip().startsWith("ID:")) {
                objects.add(new ListedObject(kind, label, line.substring(line.indexOf(':') + 1).strip()));
                kind = null;
            }
        }
        return objects;
    }
}
