package keybound.issuer.audit;

import java.util.Optional;

/** The result of checking the chain: how many entries held, and the first broken one if any, with why. */
public record AuditVerification(long entriesChecked, Optional<Long> firstBrokenSeq, Optional<String> problem) {

    public boolean intact() {
        return firstBrokenSeq.isEmpty();
    }
}
