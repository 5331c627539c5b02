package keybound.issuer;

import keybound.issuer.refusal.IssuerException;
/**
 * One check an issuance must pass. It throws its refusal (an {@link IssuerException}) or records
 * what it established on the {@link Enrollment}; a rule that does not concern this kind of
 * issuance passes it by.
 */
@FunctionalInterface
interface IssuanceRule {

    void check(Enrollment enrollment);
}
