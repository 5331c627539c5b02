package keybound.token.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_ECDSA;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_ECDSA_SHA256;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_RSA_PKCS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_SHA256_RSA_PKCS;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Supplier;
import keybound.token.KeyAlgorithm;
import keybound.token.MechanismUnsupportedException;
import keybound.token.SignatureAlgorithm;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;

/**
 * Signs on the token with the combined mechanism when the token has it, else hashes on the host
 * and signs the digest (CKM_ECDSA; CKM_RSA_PKCS over a DigestInfo). SoftHSM 2.6 has CKM_ECDSA but
 * no CKM_ECDSA_SHA256. The result is always what JCA's algorithm of the same name produces.
 */
final class Pkcs11Signer {

    /** DER prefix of DigestInfo { sha256, NULL } before the 32 hash bytes (RFC 8017, 9.2). */
    private static final byte[] SHA256_DIGEST_INFO = HexFormat.of().parseHex("3031300d060960864801650304020105000420");

    /** The mechanism plan for one key algorithm on one token. */
    record Plan(long mechanism, boolean hashOnHost, boolean ecdsa) {
    }

    private Pkcs11Signer() {
    }

    static Plan plan(KeyAlgorithm key, SignatureAlgorithm algorithm, Set<Long> mechanisms,
                     Supplier<String> tokenName) {
        if (key.defaultSignature() != algorithm) {
            throw new MechanismUnsupportedException("A " + key + " key cannot sign " + algorithm.jcaName());
        }
        boolean ec = key == KeyAlgorithm.EC_P256;
        long combined = ec ? CKM_ECDSA_SHA256 : CKM_SHA256_RSA_PKCS;
        long raw = ec ? CKM_ECDSA : CKM_RSA_PKCS;
        if (mechanisms.contains(combined)) {
            return new Plan(combined, false, ec);
        }
        if (mechanisms.contains(raw)) {
            return new Plan(raw, true, ec);
        }
        throw new MechanismUnsupportedException("Token " + tokenName.get() + " offers neither the combined nor the raw "
                + "mechanism for " + algorithm.jcaName());
    }

    static byte[] sign(Session session, long keyHandle, Plan plan, byte[] data) throws PKCS11Exception {
        byte[] input = plan.hashOnHost() ? digestInput(plan, data) : data;
        byte[] signature = session.signSingle(new Mechanism(plan.mechanism()), keyHandle, input);
        return plan.ecdsa() ? EcSignatures.rawToDer(signature) : signature;
    }

    private static byte[] digestInput(Plan plan, byte[] data) {
        byte[] hash = sha256(data);
        if (plan.ecdsa()) {
            return hash;
        }
        byte[] digestInfo = new byte[SHA256_DIGEST_INFO.length + hash.length];
        System.arraycopy(SHA256_DIGEST_INFO, 0, digestInfo, 0, SHA256_DIGEST_INFO.length);
        System.arraycopy(hash, 0, digestInfo, SHA256_DIGEST_INFO.length, hash.length);
        return digestInfo;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
