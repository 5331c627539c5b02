package keybound.token;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * Names a key pair on a token. {@code id} is the CKA_ID shared by the private key, the public
 * key and the certificate (on the card: the slot number), in lower-case hex.
 */
public record KeyRef(String id, String label, KeyAlgorithm algorithm) {

    public KeyRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(algorithm, "algorithm");
        id = id.toLowerCase(Locale.ROOT);
        HexFormat.of().parseHex(id); // rejects anything that is not hex
    }

    public byte[] idBytes() {
        return HexFormat.of().parseHex(id);
    }
}
