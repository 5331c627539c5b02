package keybound.token.contract;

import java.util.List;
import java.util.stream.Stream;

/**
 * The registry of targets the contract suite runs against. Java Card targets (jcardsim in-process,
 * PC/SC, and the PIV client against the applet's PIV role) are added here by their issue.
 */
public final class TokenTargets {

    private static final List<TokenTarget> ALL = List.of(
            new SoftHsmTarget(),
            new JcardsimTarget(),
            new PcscTarget(),
            PivTargets.jcardsim(),
            PivTargets.pcsc());

    private TokenTargets() {
    }

    public static Stream<TokenTarget> all() {
        return ALL.stream();
    }
}
