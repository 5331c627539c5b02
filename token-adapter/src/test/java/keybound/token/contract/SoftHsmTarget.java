package keybound.token.contract;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import keybound.testkit.softhsm.TokenSpec;
import keybound.token.KeyAlgorithm;
import keybound.token.Token;
import keybound.token.pkcs11.SoftHsmTokens;

/** SoftHSM v2.6 through PKCS#11: a new token for every test. */
final class SoftHsmTarget implements TokenTarget {

    @Override
    public String name() {
        return "softhsm";
    }

    @Override
    public Token freshToken() {
        TokenSpec spec = SoftHsmTokens.create("contract");
        return SoftHsmTokens.token(spec);
    }

    @Override
    public String userPin() {
        return TokenSpec.TEST_USER_PIN;
    }

    @Override
    public String unblockSecret() {
        return TokenSpec.TEST_SO_PIN;
    }

    @Override
    public Set<KeyAlgorithm> algorithms() {
        return EnumSet.allOf(KeyAlgorithm.class);
    }

    @Override
    public Optional<String> lacks(Capability capability) {
        return switch (capability) {
            case PIN_LOCKOUT -> Optional.of("SoftHSM 2.6.1 never locks the user PIN (no retry limit; "
                    + "only CKF_USER_PIN_COUNT_LOW is set after a failure)");
            case TRIES_LEFT -> Optional.of("PKCS#11 reports no number of tries left, and SoftHSM 2.6.1 has none");
            case KEY_CAPACITY -> Optional.of("SoftHSM has no key limit; it writes objects as files until the disk "
                    + "is full and then answers C_GenerateKeyPair with CKR_FUNCTION_FAILED (seen on a 120 KiB "
                    + "tmpfs), a code that does not mean 'full' on other tokens");
            case CERTIFICATE_STORAGE, MAC_KEYS, SEALING_KEYS -> Optional.empty();
        };
    }

    @Override
    public String toString() {
        return name();
    }
}
