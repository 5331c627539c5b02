package keybound.server;

/** Whether the TLS handshake asks the client for a certificate. */
public enum ClientAuth {
    /** A connection without a client certificate is refused in the handshake. */
    NEED,
    /** A certificate is asked for but optional: signed-challenge and ID/password logons work without. */
    WANT,
    /** No certificate is asked for (only behind a TLS-terminating proxy). */
    NONE
}
