package keybound.token;

/** Which implementation stands behind a {@link Token}. Recorded by the issuer on each certificate. */
public enum TokenKind {
    PKCS11,
    JAVA_CARD,
    /** Any PIV card (a YubiKey, or keybound's card in its PIV role) through keybound.token.piv. */
    PIV
}
