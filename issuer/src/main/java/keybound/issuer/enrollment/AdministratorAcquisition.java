package keybound.issuer.enrollment;

import java.util.Optional;
import keybound.issuer.contract.ContractId;
import keybound.token.AttestationStatement;
import keybound.token.Secret;

/**
 * Manual I-2: the administrator acquires a certificate with A + イ + ロ and a CSR made on the
 * token. The CSR's subject is ignored: the issuer sets CN = A + bank code.
 */
public record AdministratorAcquisition(ContractId contract, Secret contractPin, Secret confirmationPin, byte[] csr,
                                       TokenReport token, Optional<AttestationStatement> attestation,
                                       Optional<RequestId> requestId) {

    /** A request without an id: a retry is a new request. */
    public AdministratorAcquisition(ContractId contract, Secret contractPin, Secret confirmationPin, byte[] csr,
                                    TokenReport token, Optional<AttestationStatement> attestation) {
        this(contract, contractPin, confirmationPin, csr, token, attestation, Optional.empty());
    }
}
