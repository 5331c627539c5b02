package keybound.bankapi.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.net.ConnectException;
import javax.net.ssl.SSLHandshakeException;

/** The bank could not be reached or the TLS handshake failed (no answer, so no problem code). */
public class BankUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BankUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether the request may have reached the bank and only its answer been lost (the connection
     * broke or timed out after the request went out). A refused connection, a failed TLS handshake
     * or an answer that does not parse mean the bank did not act on it, or did and said so.
     */
    public boolean answerLost() {
        return getCause() instanceof IOException io && !(io instanceof ConnectException)
                && !(io instanceof SSLHandshakeException) && !(io instanceof JsonProcessingException);
    }
}
