package keybound.issuer.contract;

import java.util.Objects;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * The bank's sealing keys: {@code current} seals everything new; {@code environment}, when the
 * older key from the environment is still given, opens what it sealed before the token held
 * the key (values recorded without a label, or with {@value EnvironmentSealingKey#LABEL}).
 */
public record SealingKeys(SealingKey current, Optional<SealingKey> environment) {

    public SealingKeys {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(environment, "environment");
    }

    /** Only the environment's key, sealing and opening: a development CA, which holds no secret keys. */
    public static SealingKeys environment(SecretKey key) {
        var only = new EnvironmentSealingKey(key);
        return new SealingKeys(only, Optional.of(only));
    }

    /** The key labelled {@code label}, if this bank has it. */
    public Optional<SealingKey> find(String label) {
        if (current.label().equals(label)) {
            return Optional.of(current);
        }
        return environment.filter(key -> key.label().equals(label));
    }

    @Override
    public String toString() {
        return "SealingKeys[current=" + current.label() + ", environment=" + environment.isPresent() + "]";
    }
}
