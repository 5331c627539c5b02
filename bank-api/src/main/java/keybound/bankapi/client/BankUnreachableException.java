package keybound.bankapi.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/** The bank could not be reached or the TLS handshake failed (no answer, so no problem code). */
public class BankUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why, so that a caller can say what to do next without reading the message. */
    public enum Reason {
        /** Nothing listens at the address, or the host is unknown. */
        NO_ANSWER,
        /** The server's certificate does not chain to the bank CA the client was given. */
        UNTRUSTED,
        /** The server's certificate is not for the host name in the address. */
        WRONG_NAME,
        /** The TLS handshake failed for another reason (often: the bank refused this client's certificate). */
        HANDSHAKE,
        /** The bank did not answer in time. */
        TIMED_OUT,
        /** The bank answered something that is not what the API says. */
        MALFORMED,
        /** Any other I/O failure. */
        OTHER
    }

    private final Reason reason;

    public BankUnreachableException(String message, Throwable cause) {
        this(Reason.MALFORMED, message, cause);
    }

    public BankUnreachableException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** An I/O failure talking to {@code bank}, classified and described without the library's wording. */
    static BankUnreachableException of(URI bank, IOException e) {
        if (e instanceof ConnectException || e instanceof UnknownHostException || cause(e, UnknownHostException.class)) {
            return new BankUnreachableException(Reason.NO_ANSWER, "nothing answers at " + bank, e);
        }
        if (e instanceof HttpTimeoutException) {
            return new BankUnreachableException(Reason.TIMED_OUT, "the bank at " + bank + " did not answer in time", e);
        }
        if (cause(e, CertPathBuilderException.class) || cause(e, CertPathValidatorException.class)) {
            return new BankUnreachableException(Reason.UNTRUSTED, "the server at " + bank
                    + " presented a certificate that is not signed by the bank CA file you gave", e);
        }
        if (cause(e, CertificateException.class)) {
            return new BankUnreachableException(Reason.WRONG_NAME, "the server's certificate is not for the host in "
                    + bank, e);
        }
        if (e instanceof SSLException || cause(e, SSLException.class)) {
            return new BankUnreachableException(Reason.HANDSHAKE, "the secure connection to " + bank + " failed", e);
        }
        return new BankUnreachableException(Reason.OTHER, "the connection to the bank at " + bank + " failed", e);
    }

    private static boolean cause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the connection closed before a byte of the answer came, after the TLS handshake:
     * what a client meets when the bank (or the balancer in front of it) closes a connection it
     * holds idle, at a stop or an idle timeout, just as the request goes out. The bank had not
     * begun on it, since a request it reads is answered, even at a graceful stop.
     */
    public boolean closedBeforeAnswer() {
        return reason == Reason.OTHER && cause(this, EOFException.class);
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
