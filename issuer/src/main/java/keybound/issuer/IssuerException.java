package keybound.issuer;

/**
 * Every refusal the issuer can give, one type per cause, so that the HTTPS edge can map each to
 * a stable code. Messages name the cause and never contain a secret. A refusal never leaves a
 * certificate recorded as issued.
 */
public abstract sealed class IssuerException extends RuntimeException
        permits CsrTooLargeException, MalformedCsrException, BadCsrSignatureException, WeakKeyException,
        UnknownContractException, UnknownUserException, WrongSecretException, AccountLockedException,
        AcquisitionWindowClosedException, NoAuthorisationException, AttestationRefusedException,
        NotAuthorisedException, ContractClosedException, UserLimitException, RenewalNotOpenException,
        UnknownCertificateException, InvalidRequestException, UserSuspendedException {

    protected IssuerException(String message) {
        super(message);
    }

    protected IssuerException(String message, Throwable cause) {
        super(message, cause);
    }
}
