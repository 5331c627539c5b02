package keybound.token;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * Names an AES-256 sealing key on a token (AES-GCM): {@code id} is its CKA_ID in lower-case hex,
 * {@code label} its CKA_LABEL. The key itself never leaves the token.
 */
public record SealingKeyRef(String id, String label) {

    public SealingKeyRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        id = id.toLowerCase(Locale.ROOT);
        HexFormat.of().parseHex(id); // rejects anything that is not hex
    }

    public byte[] idBytes() {
        return HexFormat.of().parseHex(id);
    }
}
