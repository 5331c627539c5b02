package keybound.logon;

import java.util.Arrays;
import java.util.Objects;

/** The second step's answer. Holds secrets as {@code char[]}: {@link #wipe()} it when done. */
public sealed interface SecondFactor {

    /** Overwrites every secret this answer holds. */
    void wipe();

    /** ト. */
    record UserPin(char[] pin) implements SecondFactor {
        public UserPin {
            Objects.requireNonNull(pin, "pin");
        }

        @Override
        public void wipe() {
            Arrays.fill(pin, '\0');
        }

        @Override
        public String toString() {
            return "UserPin[hidden]";
        }
    }

    /** イ and the digits read off the named customer-card cells. */
    record ContractPinAndCard(char[] contractPin, char[] cardDigits) implements SecondFactor {
        public ContractPinAndCard {
            Objects.requireNonNull(contractPin, "contractPin");
            Objects.requireNonNull(cardDigits, "cardDigits");
        }

        @Override
        public void wipe() {
            Arrays.fill(contractPin, '\0');
            Arrays.fill(cardDigits, '\0');
        }

        @Override
        public String toString() {
            return "ContractPinAndCard[hidden]";
        }
    }

    /** イ and a TOTP code. */
    record ContractPinAndTotp(char[] contractPin, char[] code) implements SecondFactor {
        public ContractPinAndTotp {
            Objects.requireNonNull(contractPin, "contractPin");
            Objects.requireNonNull(code, "code");
        }

        @Override
        public void wipe() {
            Arrays.fill(contractPin, '\0');
            Arrays.fill(code, '\0');
        }

        @Override
        public String toString() {
            return "ContractPinAndTotp[hidden]";
        }
    }
}
