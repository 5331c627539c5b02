package keybound.token;

/** Signature algorithms the Token API offers, named as JCA names them. */
public enum SignatureAlgorithm {
    SHA256_WITH_ECDSA("SHA256withECDSA"),
    SHA256_WITH_RSA("SHA256withRSA");

    private final String jcaName;

    SignatureAlgorithm(String jcaName) {
        this.jcaName = jcaName;
    }

    public String jcaName() {
        return jcaName;
    }
}
