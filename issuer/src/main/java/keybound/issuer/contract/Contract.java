package keybound.issuer.contract;

import java.time.Instant;

/** A customer's contract as the registry holds it (secrets are never part of it). */
public record Contract(ContractId id, BankCode bank, ContractStatus status, Instant applicationDate, int failures) {
}
