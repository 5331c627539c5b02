package keybound.issuer.enrollment;

import java.util.Objects;
import keybound.issuer.refusal.InvalidRequestException;
import keybound.token.TokenInfo;
import keybound.token.TokenKind;

/**
 * The token the key was generated on, as the client reports it (kind, model, serial). Recorded on
 * the certificate row as reported; only an attestation statement proves anything about it.
 */
public record TokenReport(TokenKind kind, String model, String serial) {

    public TokenReport {
        Objects.requireNonNull(kind, "kind");
        model = limit(model, "model");
        serial = limit(serial, "serial");
    }

    public static TokenReport of(TokenInfo info) {
        return new TokenReport(info.kind(), info.model(), info.serial());
    }

    private static String limit(String value, String field) {
        String v = value == null ? "" : value.strip();
        if (v.length() > 64 || !v.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new InvalidRequestException("token " + field + " must be at most 64 printable ASCII characters");
        }
        return v;
    }
}
