package keybound.issuer.enrollment;

import java.util.Objects;
import java.util.regex.Pattern;
import keybound.issuer.refusal.InvalidRequestException;

/**
 * The client's id for one acquisition, renewal or migration (at least 128 random bits,
 * base64url): a retry of the same request carries the same id, so the bank answers it with the
 * certificate it already issued instead of issuing or refusing again.
 */
public record RequestId(String value) {

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{22,64}");

    public RequestId {
        Objects.requireNonNull(value, "value");
        if (!FORM.matcher(value).matches()) {
            throw new InvalidRequestException("requestId must be 22 to 64 base64url characters (128 bits or more)");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
