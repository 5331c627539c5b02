package keybound.token.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.testkit.softhsm.TokenSpec;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyNotFoundException;
import keybound.token.KeyRef;
import keybound.token.MechanismUnsupportedException;
import keybound.token.ModuleNotFoundException;
import keybound.token.Secret;
import keybound.token.SignatureAlgorithm;
import keybound.token.TokenNotPresentException;
import keybound.token.TokenSelector;
import keybound.token.TokenSession;
import keybound.token.WrongPinException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each typed error, caused for real on SoftHSM. */
@ExtendWith(SoftHsmExtension.class)
class Pkcs11ErrorsTest {

    private static final String WRONG_PIN = "wrong-7391";
    private static TokenSpec spec;
    private static Pkcs11Token token;

    @BeforeAll
    static void createToken() {
        spec = SoftHsmTokens.create("p11-errors");
        token = SoftHsmTokens.token(spec);
    }

    @AfterAll
    static void closeToken() {
        token.close();
    }

    private static TokenSession open(String pin) {
        try (Secret p = Secret.of(pin)) {
            return token.open(p);
        }
    }

    @Test
    void wrongPinIsTypedAndTheTokenFlagsTheCountLow() {
        var error = assertThrows(WrongPinException.class, () -> open(WRONG_PIN));
        // SoftHSM 2.6 tells no number of tries (it never locks); the count-low flag is all it says.
        assertTrue(error.triesLeft().isEmpty());
        assertTrue(token.info().pinState().countLow());
        assertFalse(error.getMessage().contains(WRONG_PIN));
        open(spec.userPin()).close();
        assertFalse(token.info().pinState().countLow(), "a good login clears the count-low flag");
    }

    @Test
    void wrongPinIsRefusedWhileAnotherLeaseHoldsTheLogin() {
        try (TokenSession held = open(spec.userPin())) {
            var error = assertThrows(WrongPinException.class, () -> open(WRONG_PIN));
            assertFalse(error.getMessage().contains(WRONG_PIN));
            assertFalse(error.getMessage().contains(spec.userPin()));
            held.credentials(); // the held lease is still logged in
        }
    }

    @Test
    void aTokenNobodyHasIsNotPresent() {
        var module = SoftHsmTokens.module();
        assertThrows(TokenNotPresentException.class, () -> module.token(TokenSelector.label("no-such-token")));
        assertThrows(TokenNotPresentException.class, () -> module.token(TokenSelector.serial("0000000000000000")));
    }

    @Test
    void aMissingModuleIsNotFound() {
        var error = assertThrows(ModuleNotFoundException.class, () -> Pkcs11Module.open(Path.of("target/no-such-module.so")));
        assertTrue(error.getMessage().contains("no-such-module.so"));
    }

    @Test
    void aSharedLibraryWithoutPkcs11IsNotAModule() {
        // The JVM's own libjava.so is an ELF library without C_GetFunctionList.
        Path libjava = Path.of(System.getProperty("java.home"), "lib", "libjava.so");
        assertTrue(Files.exists(libjava));
        var error = assertThrows(ModuleNotFoundException.class, () -> Pkcs11Module.open(libjava));
        assertTrue(error.getMessage().contains("not a PKCS#11 library"));
    }

    @Test
    void aFileThatIsNoLibraryIsNotAModule() throws IOException {
        Path text = Files.writeString(Path.of("target", "not-a-library.so"), "just text");
        assertThrows(ModuleNotFoundException.class, () -> Pkcs11Module.open(text));
    }

    @Test
    void aKeyThatIsNotThereIsNotFound() {
        try (TokenSession session = open(spec.userPin())) {
            var ghost = new KeyRef("0badc0de", "ghost", KeyAlgorithm.EC_P256);
            assertThrows(KeyNotFoundException.class, () -> session.sign(ghost, SignatureAlgorithm.SHA256_WITH_ECDSA, new byte[8]));
            assertThrows(KeyNotFoundException.class, () -> session.publicKey(ghost));
            assertThrows(KeyNotFoundException.class, () -> session.delete(ghost));
            KeyRef real = session.generateKeyPair(KeyAlgorithm.EC_P256, "deleted-soon");
            session.delete(real);
            assertThrows(KeyNotFoundException.class, () -> session.sign(real, SignatureAlgorithm.SHA256_WITH_ECDSA, new byte[8]));
            assertTrue(session.find(keybound.token.CredentialQuery.id(real.id())).isEmpty());
        }
    }

    @Test
    void aSignatureAlgorithmTheKeyCannotMakeIsRefused() {
        try (TokenSession session = open(spec.userPin())) {
            KeyRef ec = session.generateKeyPair(KeyAlgorithm.EC_P256, "ec-only");
            assertThrows(MechanismUnsupportedException.class,
                    () -> session.sign(ec, SignatureAlgorithm.SHA256_WITH_RSA, new byte[8]));
        }
    }

    @Test
    void duplicateLabelsAreRefused() {
        try (TokenSession session = open(spec.userPin())) {
            session.generateKeyPair(KeyAlgorithm.EC_P256, "unique");
            assertThrows(IllegalArgumentException.class, () -> session.generateKeyPair(KeyAlgorithm.EC_P256, "unique"));
        }
        try (Secret so = Secret.of("so-pin-1"); Secret user = Secret.of("user-1")) {
            assertThrows(IllegalArgumentException.class, () -> SoftHsmTokens.module().initToken(spec.label(), so, user));
        }
    }

    @Test
    void aClosedLeaseCannotBeUsed() {
        TokenSession session = open(spec.userPin());
        session.close();
        session.close(); // idempotent
        assertThrows(IllegalStateException.class, session::credentials);
    }
}
