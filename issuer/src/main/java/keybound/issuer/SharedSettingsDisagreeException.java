package keybound.issuer;

import java.util.List;
import java.util.stream.Collectors;

/** This node's settings differ from those recorded for every node on the registry; names each key. */
public final class SharedSettingsDisagreeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** One key whose value differs: the bank's recorded value and this node's. */
    public record Difference(String key, String bank, String node) {
    }

    private final transient List<Difference> differences;

    public SharedSettingsDisagreeException(List<Difference> differences) {
        super(differences.stream()
                .map(d -> d.key() + " is " + d.node() + " here but " + d.bank() + " for the bank")
                .collect(Collectors.joining("; ", "settings differ from the other nodes': ", "")));
        this.differences = List.copyOf(differences);
    }

    public List<Difference> differences() {
        return differences;
    }
}
