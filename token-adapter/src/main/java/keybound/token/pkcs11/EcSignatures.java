package keybound.token.pkcs11;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;

/** PKCS#11 returns ECDSA signatures as r || s; JCA and X.509 want SEQUENCE { r, s } in DER. */
final class EcSignatures {

    private EcSignatures() {
    }

    static byte[] rawToDer(byte[] raw) {
        if (raw.length == 0 || raw.length % 2 != 0) {
            throw new IllegalArgumentException("an r||s ECDSA signature has an even, non-zero length");
        }
        int half = raw.length / 2;
        var vector = new ASN1EncodableVector(2);
        vector.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 0, half))));
        vector.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, half, raw.length))));
        try {
            return new DERSequence(vector).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
