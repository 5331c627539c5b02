package keybound.cli.card;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import keybound.cardsim.ManufacturerCa;
import keybound.cardsim.SimulatedCard;

/**
 * The station's simulated cards ({@code --card sim}): our applet in an in-process jcardsim card,
 * personalised as a card factory would (PIN {@value #PIN}, PUK {@value #PUK}). Its attestation key
 * is certified by a throw-away manufacturer, or by the one kept in a directory
 * ({@code --sim-manufacturer}) so that a bank can trust it. A simulator keeps nothing when the
 * process ends, so it serves the demo and the tests; real cards are reached with {@code --card pcsc}.
 */
public final class SimulatedCardReader {

    public static final String PIN = SimulatedCard.PIN;
    public static final String PUK = SimulatedCard.PUK;
    private static final String THROW_AWAY_MAKER = "keybound simulated card maker";

    private static final Map<Optional<Path>, SimulatedCard> SHARED = new HashMap<>();

    private SimulatedCardReader() {
    }

    /** This process's one simulated card of a throw-away manufacturer, made on first use. */
    public static SimulatedCard shared() {
        return shared(Optional.empty());
    }

    /** This process's one simulated card of the manufacturer kept in {@code manufacturer} (if given), made on first use. */
    public static synchronized SimulatedCard shared(Optional<Path> manufacturer) {
        return SHARED.computeIfAbsent(manufacturer.map(p -> p.toAbsolutePath().normalize()), maker -> SimulatedCard.personalised(
                maker.map(ManufacturerCa::openOrCreate).orElseGet(() -> ManufacturerCa.create(THROW_AWAY_MAKER)),
                "SIM" + ProcessHandle.current().pid() + (maker.isEmpty() ? "" : "-" + SHARED.size())));
    }
}
