package keybound.server.wiring;

import java.util.function.Supplier;
import keybound.credentials.VerifierKey;
import keybound.issuer.contract.SealingKey;

/**
 * Keys on the bank's token named by the configuration and opened only when first used, so a
 * back-office command that never checks or seals a secret never asks for the CA PIN. After the
 * first use a key costs one volatile read.
 */
final class DeferredKeys {

    private DeferredKeys() {
    }

    static VerifierKey verifier(String label, Supplier<VerifierKey> open) {
        var key = new OnFirstUse<>(open);
        return new VerifierKey() {
            @Override
            public String label() {
                return label;
            }

            @Override
            public byte[] mac(byte[] data) {
                return key.get().mac(data);
            }
        };
    }

    static SealingKey sealing(String label, Supplier<SealingKey> open) {
        var key = new OnFirstUse<>(open);
        return new SealingKey() {
            @Override
            public String label() {
                return label;
            }

            @Override
            public byte[] seal(byte[] iv, byte[] associatedData, byte[] plain) {
                return key.get().seal(iv, associatedData, plain);
            }

            @Override
            public byte[] open(byte[] iv, byte[] associatedData, byte[] sealed) {
                return key.get().open(iv, associatedData, sealed);
            }
        };
    }

    /** A value made by {@code open} the first time it is asked for. */
    private static final class OnFirstUse<T> {
        private final Supplier<T> open;
        private volatile T value;

        OnFirstUse(Supplier<T> open) {
            this.open = open;
        }

        T get() {
            T found = value;
            if (found == null) {
                synchronized (this) {
                    found = value;
                    if (found == null) {
                        found = open.get();
                        value = found;
                    }
                }
            }
            return found;
        }
    }
}
