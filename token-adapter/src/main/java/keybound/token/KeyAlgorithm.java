package keybound.token;

/** The key pairs keybound generates on tokens. */
public enum KeyAlgorithm {
    EC_P256(SignatureAlgorithm.SHA256_WITH_ECDSA),
    RSA_2048(SignatureAlgorithm.SHA256_WITH_RSA);

    private final SignatureAlgorithm defaultSignature;

    KeyAlgorithm(SignatureAlgorithm defaultSignature) {
        this.defaultSignature = defaultSignature;
    }

    /** The signature algorithm keybound uses with this kind of key. */
    public SignatureAlgorithm defaultSignature() {
        return defaultSignature;
    }
}
