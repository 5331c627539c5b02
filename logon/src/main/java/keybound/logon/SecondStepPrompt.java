package keybound.logon;

import java.util.Objects;
import keybound.logon.otp.CardChallenge;

/** What the second step asks for, by kind of account (manual II-2 and I-3). */
public sealed interface SecondStepPrompt {

    /** A user enters ト. */
    record UserPin() implements SecondStepPrompt {
    }

    /**
     * An administrator enters イ and a one-time password: the digits of the named card cells, or,
     * when {@code totpAccepted}, a TOTP code instead.
     */
    record ContractPinAndOneTimePassword(CardChallenge card, boolean totpAccepted) implements SecondStepPrompt {
        public ContractPinAndOneTimePassword {
            Objects.requireNonNull(card, "card");
        }
    }
}
