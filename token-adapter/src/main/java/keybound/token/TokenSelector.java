package keybound.token;

import java.util.Objects;

/** Names a token by what it is, never by where it sits. */
public sealed interface TokenSelector {

    boolean matches(TokenInfo info);

    /** The selector as a person reads it in a message, e.g. {@code label "bank-1"}. */
    String describe();

    record ByLabel(String label) implements TokenSelector {
        public ByLabel { Objects.requireNonNull(label, "label"); }

        @Override
        public boolean matches(TokenInfo info) {
            return label.equals(info.label());
        }

        @Override
        public String describe() {
            return "label \"" + label + "\"";
        }
    }

    record BySerial(String serial) implements TokenSelector {
        public BySerial { Objects.requireNonNull(serial, "serial"); }

        @Override
        public boolean matches(TokenInfo info) {
            return serial.equalsIgnoreCase(info.serial());
        }

        @Override
        public String describe() {
            return "serial " + serial;
        }
    }

    static TokenSelector label(String label) { return new ByLabel(label); }

    static TokenSelector serial(String serial) { return new BySerial(serial); }
}
