package keybound.issuer.contract;

/** ACTIVE accepts the user's secrets; LOCKED refuses them until the bank unlocks the user. */
public enum UserStatus {
    ACTIVE, LOCKED
}
