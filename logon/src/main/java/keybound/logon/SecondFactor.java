package keybound.logon;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** The second step's answer. Holds secrets as {@code char[]}: {@link #wipe()} it when done. */
public sealed interface SecondFactor {

    /** Every secret this answer holds. */
    List<char[]> secrets();

    /** Overwrites every secret this answer holds. */
    default void wipe() {
        secrets().forEach(secret -> Arrays.fill(secret, '\0'));
    }

    /** ト. */
    record UserPin(char[] pin) implements SecondFactor {
        public UserPin {
            Objects.requireNonNull(pin, "pin");
        }

        @Override
        public List<char[]> secrets() {
            return List.of(pin);
        }

        @Override
        public String toString() {
            return "UserPin[hidden]";
        }
    }

    /** Which one-time password an administrator typed after イ. */
    enum OneTimePassword {
        /** The digits read off the named customer-card cells, in the order named. */
        CARD,
        /** An RFC 6238 code. */
        TOTP
    }

    /** イ and a one-time password of the given kind. */
    record ContractPinAndOneTimePassword(char[] contractPin, OneTimePassword kind, char[] password) implements SecondFactor {
        public ContractPinAndOneTimePassword {
            Objects.requireNonNull(contractPin, "contractPin");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public List<char[]> secrets() {
            return List.of(contractPin, password);
        }

        @Override
        public String toString() {
            return "ContractPinAndOneTimePassword[" + kind + ", hidden]";
        }
    }
}
