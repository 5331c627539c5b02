package keybound.issuer.enrollment;

import java.util.Optional;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.UserId;
import keybound.token.AttestationStatement;
import keybound.token.Secret;

/**
 * Manual II-1: a user acquires a certificate with A + ニ + ト + チ and a CSR, while the
 * administrator's authorisation is open. The issuer sets CN = A + ニ + bank code.
 */
public record UserAcquisition(ContractId contract, UserId user, Secret userPin, Secret userConfirmationPin, byte[] csr,
                              TokenReport token, Optional<AttestationStatement> attestation, Optional<RequestId> requestId) {

    /** A request without an id: a retry is a new request. */
    public UserAcquisition(ContractId contract, UserId user, Secret userPin, Secret userConfirmationPin, byte[] csr,
                           TokenReport token, Optional<AttestationStatement> attestation) {
        this(contract, user, userPin, userConfirmationPin, csr, token, attestation, Optional.empty());
    }
}
