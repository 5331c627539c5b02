package keybound.logon.session;

/** How a session's holder proved who they are, so operations can demand the certificate method. */
public enum LogonMethod {
    /** Client certificate in the TLS handshake, then the second step. */
    MUTUAL_TLS,
    /** Signed challenge with the token key, then the second step. */
    SIGNED_CHALLENGE,
    /** A + B + イ, allowed only before the contract's first administrator certificate. */
    ID_AND_PASSWORD;

    public boolean byCertificate() {
        return this != ID_AND_PASSWORD;
    }
}
