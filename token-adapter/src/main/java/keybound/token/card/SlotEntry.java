package keybound.token.card;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import keybound.applet.Protocol;
import keybound.token.KeyRef;
import keybound.token.TokenDeviceException;

/** One entry of LIST SLOTS: what a slot holds. */
public record SlotEntry(int slot, int keyType, boolean hasCertificate, String label) {

    public boolean empty() {
        return keyType == Protocol.KEY_NONE;
    }

    public KeyRef keyRef() {
        return new KeyRef(CardKeys.slotId(slot), label, CardKeys.algorithm(keyType));
    }

    static List<SlotEntry> parseAll(byte[] d) {
        var entries = new ArrayList<SlotEntry>();
        int p = 0;
        try {
            while (p < d.length) {
                int labelLength = d[p + 3] & 0xFF;
                if (p + 4 + labelLength > d.length) {
                    throw new IndexOutOfBoundsException();
                }
                entries.add(new SlotEntry(d[p] & 0xFF, d[p + 1] & 0xFF, d[p + 2] != 0,
                        new String(d, p + 4, labelLength, StandardCharsets.UTF_8)));
                p += 4 + labelLength;
            }
        } catch (IndexOutOfBoundsException e) {
            throw new TokenDeviceException("MALFORMED_SLOT_LIST", "The card's slot list is malformed", e);
        }
        return entries;
    }

}
