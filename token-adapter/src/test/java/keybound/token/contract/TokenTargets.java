package keybound.token.contract;

import java.util.List;
import java.util.stream.Stream;

/**
 * The registry of targets the contract suite runs against. Java Card targets (jcardsim in-process,
 * PC/SC) are added here by their issue.
 */
public final class TokenTargets {

    private static final List<TokenTarget> ALL = List.of(
            new SoftHsmTarget());

    private TokenTargets() {
    }

    public static Stream<TokenTarget> all() {
        return ALL.stream();
    }
}
