package keybound.server.wiring;

import java.time.Duration;
import keybound.credentials.SecretCheckAdmission;
import keybound.server.ConfigKeys;
import keybound.server.ConfigSource;

/**
 * How many expensive secret checks (Argon2id verifications, token MACs, operator-key hashes) the
 * server runs at once and how many may wait: {@code secrets.admission.concurrent},
 * {@code .queue}, {@code .wait-millis}. The defaults bound the memory of Argon2id checks to
 * 4 × 64 MiB at the shipped cost.
 */
final class AdmissionSettings {

    private AdmissionSettings() {
    }

    static SecretCheckAdmission read(ConfigSource settings) {
        return new SecretCheckAdmission(new SecretCheckAdmission.Limits(settings.integer(ConfigKeys.ADMISSION_CONCURRENT, 4, 1, 256),
                settings.integer(ConfigKeys.ADMISSION_QUEUE, 16, 0, 10_000), Duration.ofMillis(settings.integer(ConfigKeys.ADMISSION_WAIT_MILLIS, 2000, 0, 60_000))));
    }
}
