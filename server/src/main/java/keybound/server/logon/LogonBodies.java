package keybound.server.logon;

import java.util.List;
import keybound.token.Secret;

/** The logon API's JSON bodies. Secrets arrive as {@link Secret}s; a body holding them wipes them on close. */
public final class LogonBodies {

    private LogonBodies() {
    }

    /** Answer to {@code POST /logon/challenge}. The client builds the signed bytes itself, with its own idea of the origin. */
    public record Challenge(String nonce, String origin, long expiresAt) {
    }

    /** {@code POST /logon/challenge/answer}: the nonce, the signer's certificate (base64 DER), the signature (base64). */
    public record ChallengeAnswer(String nonce, String certificate, String signature) {
    }

    /** Answer to a passed first proof: what the second step asks for, and until when. */
    public record SecondStep(String attempt, long expiresAt, String secondStep, List<String> cardCells,
            boolean totpAccepted) {
    }

    /** {@code POST /logon/second-step}: ト alone, or イ with either the card digits or a TOTP code. */
    public record SecondStepAnswer(String attempt, Secret userPin, Secret contractPin, Secret cardDigits, Secret totp)
            implements AutoCloseable {
        @Override
        public void close() {
            Secret.closeAll(userPin, contractPin, cardDigits, totp);
        }
    }

    /** {@code POST /logon/password}: A + B + イ, before the contract's first administrator certificate. */
    public record PasswordLogon(String contractId, Secret confirmationPassword, Secret contractPin)
            implements AutoCloseable {
        @Override
        public void close() {
            Secret.closeAll(confirmationPassword, contractPin);
        }
    }

    /** A granted logon, and {@code GET /session}. The session id goes back as {@code Authorization: Bearer}. */
    public record Session(String session, Account account, String method, long idleTimeoutSeconds,
            long absoluteExpiresAt) {
    }

    /** Whose session it is. {@code userId} is null for the administrator. */
    public record Account(String kind, String contractId, String userId) {
    }
}
