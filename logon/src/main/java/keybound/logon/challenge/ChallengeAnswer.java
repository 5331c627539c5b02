package keybound.logon.challenge;

import java.util.Objects;

/** The client's answer: which challenge, and its signature over {@link LogonChallenge#toBeSigned()}. */
public record ChallengeAnswer(Nonce nonce, byte[] signature) {

    public ChallengeAnswer {
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(signature, "signature");
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }
}
