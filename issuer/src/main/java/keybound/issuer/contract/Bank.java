package keybound.issuer.contract;

import keybound.issuer.policy.AttestationPolicy;

/** A bank the CA serves, with its attestation policy for customer keys. */
public record Bank(BankCode code, String name, AttestationPolicy attestationPolicy) {
}
