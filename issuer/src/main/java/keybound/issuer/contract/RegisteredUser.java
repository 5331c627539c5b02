package keybound.issuer.contract;

import keybound.token.Secret;

/** A newly registered user's initial user PIN (ト) and confirmation PIN (チ), handed out once. */
public record RegisteredUser(ContractId contract, UserId userId, Secret userPin, Secret userConfirmationPin) {
}
