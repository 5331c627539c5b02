package keybound.issuer.contract;

import java.time.Instant;
import keybound.token.Secret;

/**
 * What opening a contract hands to the customer, once: the contract ID (A), the initial
 * confirmation password (B), contract PIN (イ), confirmation PIN (ロ) and the customer card. The
 * registry keeps only hashes and the sealed card. Printing it shows no secret.
 * {@code acquisitionClosesAt} is the first instant at which the administrator can no longer
 * acquire a certificate (the manual's 80 days from the application).
 */
public record OpenedContract(ContractId contractId, Secret confirmationPassword, Secret contractPin,
                             Secret confirmationPin, CustomerCard card, Instant acquisitionClosesAt) {
}
