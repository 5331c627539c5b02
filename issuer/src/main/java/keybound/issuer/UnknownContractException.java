package keybound.issuer;

/** No contract has this contract ID (A). */
public final class UnknownContractException extends IssuerException {
    public UnknownContractException(String message) {
        super(message);
    }
}
