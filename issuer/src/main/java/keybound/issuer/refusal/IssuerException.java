package keybound.issuer.refusal;

import java.util.Optional;
import keybound.bankapi.ProblemCode;

/**
 * Every refusal the issuer can give, one type per cause, each declaring the problem code the bank
 * answers it with, so a new refusal cannot be added without one (the compiler asks for
 * {@link #problem()}; {@code IssuerRefusalCodesTest} walks the permitted subclasses). Messages name
 * the cause and never contain a secret. A refusal never leaves a certificate recorded as issued.
 */
public abstract sealed class IssuerException extends RuntimeException
        permits CsrTooLargeException, MalformedCsrException, BadCsrSignatureException, WeakKeyException,
        UnknownContractException, UnknownUserException, WrongSecretException, AccountLockedException,
        AcquisitionWindowClosedException, NoAuthorisationException, AttestationRefusedException,
        NotAuthorisedException, ContractClosedException, UserLimitException, RenewalNotOpenException,
        UnknownCertificateException, InvalidRequestException, UserSuspendedException, RequestIdReusedException {

    protected IssuerException(String message) {
        super(message);
    }

    protected IssuerException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The problem code the bank answers this refusal with; its HTTP status comes with it. */
    public abstract ProblemCode problem();

    /** What of the message a client may read; empty where only the code's title may be shown. */
    public Optional<String> clientDetail() {
        return Optional.empty();
    }
}
