package keybound.issuer.contract;

import java.time.Instant;
import java.util.Optional;

/** A user registered under a contract, with any open certificate authorisation's expiry. */
public record ContractUser(ContractId contract, UserId id, UserStatus status, int failures,
                           Optional<Instant> authorisationExpires) {
}
