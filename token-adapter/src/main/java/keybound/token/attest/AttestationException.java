package keybound.token.attest;

/** An attestation statement that does not hold up; the message says why (never echoing secrets). */
public final class AttestationException extends RuntimeException {
    public AttestationException(String message) {
        super(message);
    }

    public AttestationException(String message, Throwable cause) {
        super(message, cause);
    }
}
