package keybound.issuer.contract;

/** OPEN accepts secrets; LOCKED refuses them until the bank unlocks it; CLOSED is final. */
public enum ContractStatus {
    OPEN, LOCKED, CLOSED
}
