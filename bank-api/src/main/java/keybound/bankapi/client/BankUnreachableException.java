package keybound.bankapi.client;

/** The bank could not be reached or the TLS handshake failed (no answer, so no problem code). */
public class BankUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BankUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
