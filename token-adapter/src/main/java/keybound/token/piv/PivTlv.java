package keybound.token.piv;

import com.yubico.yubikit.core.util.Tlv;
import com.yubico.yubikit.core.util.Tlvs;

/** The few TLV reads the PIV client does itself, on yubikit's parser. */
final class PivTlv {
    private PivTlv() {
    }

    /** The value of the first TLV tagged {@code tag} in {@code data}, or null. */
    static byte[] value(byte[] data, int tag) {
        if (data == null) {
            return null;
        }
        for (Tlv tlv : Tlvs.decodeList(data)) {
            if (tlv.getTag() == tag) {
                return tlv.getValue();
            }
        }
        return null;
    }
}
