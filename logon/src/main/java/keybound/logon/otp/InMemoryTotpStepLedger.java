package keybound.logon.otp;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@link TotpStepLedger} in memory; {@link ConcurrentMap#compute} makes the check-and-set atomic. */
public final class InMemoryTotpStepLedger implements TotpStepLedger {

    private final ConcurrentMap<String, Long> lastAccepted = new ConcurrentHashMap<>();

    @Override
    public boolean advance(String subject, long step) {
        AtomicBoolean advanced = new AtomicBoolean();
        lastAccepted.compute(subject, (key, last) -> {
            if (last == null || step > last) {
                advanced.set(true);
                return step;
            }
            return last;
        });
        return advanced.get();
    }
}
