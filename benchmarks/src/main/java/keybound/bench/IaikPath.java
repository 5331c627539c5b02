package keybound.bench;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.*;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11Module;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Slot;

/**
 * Directly through the IAIK wrapper, written by hand as a caller would: one session per thread,
 * the key handle found once, and the same output as JCA (EC: SHA-256 on the host, CKM_ECDSA,
 * r||s to DER, since SoftHSM lacks CKM_ECDSA_SHA256; RSA: CKM_SHA256_RSA_PKCS).
 */
final class IaikPath implements SignPath {

    private final KeyRef key;
    private final Slot slot;
    private final String userPin;

    IaikPath(BenchToken bench, KeyRef key) throws Exception {
        this.key = key;
        this.userPin = bench.spec().userPin();
        // A second handle on the library the process already initialised.
        PKCS11Module raw = PKCS11Module.getInstance(bench.module().path().toString());
        Slot found = null;
        for (Slot candidate : raw.getSlotList(true)) {
            if (candidate.getToken().getTokenInfo().getSerialNumber().strip().equals(bench.token().info().serial())) {
                found = candidate;
            }
        }
        this.slot = found;
    }

    @Override
    public String name() {
        return "IAIK direct";
    }

    @Override
    public Signer newSigner() throws PKCS11Exception {
        Session session = slot.getToken().openSession(true);
        // Login is token-wide and the Token API's setup lease left the token logged out.
        try {
            session.login(CKU_USER, userPin.toCharArray());
        } catch (PKCS11Exception e) {
            if (e.getErrorCode() != CKR_USER_ALREADY_LOGGED_IN) {
                throw e;
            }
        }
        long handle = session.findObjectsSingle(new AttributeVector().class_(CKO_PRIVATE_KEY).id(key.idBytes()), 1)[0];
        boolean ec = key.algorithm() == KeyAlgorithm.EC_P256;
        Mechanism mechanism = new Mechanism(ec ? CKM_ECDSA : CKM_SHA256_RSA_PKCS);
        return new Signer() {
            @Override
            public byte[] sign(byte[] data) throws Exception {
                if (!ec) {
                    return session.signSingle(mechanism, handle, data);
                }
                byte[] raw = session.signSingle(mechanism, handle, MessageDigest.getInstance("SHA-256").digest(data));
                var rs = new ASN1EncodableVector(2);
                rs.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 0, raw.length / 2))));
                rs.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, raw.length / 2, raw.length))));
                return new DERSequence(rs).getEncoded();
            }

            @Override
            public void close() throws PKCS11Exception {
                session.closeSession();
            }
        };
    }
}
