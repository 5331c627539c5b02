package keybound.logon;

import java.util.Objects;

/** Everything logon needs from the bank side, in one place; an issuer adapter provides all five. */
public record BankPorts(AccountDirectory directory, SecretChecker secrets, CustomerCardChecker cards,
        TotpSeeds totpSeeds, Lockout lockout) {

    public BankPorts {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(cards, "cards");
        Objects.requireNonNull(totpSeeds, "totpSeeds");
        Objects.requireNonNull(lockout, "lockout");
    }
}
