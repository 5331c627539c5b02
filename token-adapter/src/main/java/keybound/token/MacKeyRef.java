package keybound.token;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * Names a secret MAC key on a token (HMAC-SHA256): {@code id} is its CKA_ID in lower-case hex,
 * {@code label} its CKA_LABEL. The key itself never leaves the token.
 */
public record MacKeyRef(String id, String label) {

    public MacKeyRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        id = id.toLowerCase(Locale.ROOT);
        HexFormat.of().parseHex(id); // rejects anything that is not hex
    }

    public byte[] idBytes() {
        return HexFormat.of().parseHex(id);
    }
}
