package keybound.issuer;

/** The contract is closed. */
public final class ContractClosedException extends IssuerException {
    public ContractClosedException(String message) {
        super(message);
    }
}
