package keybound.issuer.refusal;

import java.util.Optional;
import keybound.bankapi.ProblemCode;

/** A request field is malformed (contract ID, user ID, expiry, …). */
public final class InvalidRequestException extends IssuerException {
    public InvalidRequestException(String message) {
        super(message);
    }

    @Override
    public ProblemCode problem() {
        return ProblemCode.INVALID_REQUEST;
    }

    /** The message names the request's own field, never a secret: the client may see it. */
    @Override
    public Optional<String> clientDetail() {
        return Optional.of(getMessage());
    }
}
