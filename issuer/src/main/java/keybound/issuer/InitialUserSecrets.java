package keybound.issuer;

import keybound.credentials.SecretGenerator;
import keybound.credentials.SecretVerifiers;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.RegisteredUser;
import keybound.issuer.contract.UserId;
import keybound.token.Secret;

/** A user's initial ト and チ (at registration and at a reset): the clear copies to hand out once, and their verifiers to store. */
record InitialUserSecrets(Secret userPin, Secret confirmationPin, String userPinHash, String confirmationPinHash) {

    static InitialUserSecrets generate(SecretGenerator generator, SecretVerifiers verifiers) {
        Secret pin = generator.digits(BackOffice.PIN_LENGTH);
        Secret confirmation = generator.digits(BackOffice.PIN_LENGTH);
        return new InitialUserSecrets(pin, confirmation, verifiers.create(pin), verifiers.create(confirmation));
    }

    RegisteredUser handOut(ContractId contract, UserId user) {
        return new RegisteredUser(contract, user, userPin, confirmationPin);
    }

    @Override
    public String toString() {
        return "InitialUserSecrets[hidden]";
    }
}
