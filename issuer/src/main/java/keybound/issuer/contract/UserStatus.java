package keybound.issuer.contract;

/**
 * ACTIVE accepts the user's secrets; LOCKED refuses them until the bank unlocks the user;
 * SUSPENDED (set and cleared by the administrator) refuses acquisition and logon until resumed.
 */
public enum UserStatus {
    ACTIVE, LOCKED, SUSPENDED
}
