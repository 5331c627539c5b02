package keybound.cli.card;

import java.nio.file.Path;
import java.util.List;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;
import keybound.cli.CliException;
import keybound.cli.ExitCode;
import keybound.token.ModuleNotFoundException;
import keybound.token.TokenSource;
import keybound.token.card.CardTokenSource;
import keybound.token.piv.AnyCardSource;
import keybound.token.piv.ManagementKey;
import keybound.token.piv.PivTokenSource;
import keybound.token.card.transport.PcscPlatform;

/**
 * Turns {@code --card sim | pcsc[:READER] | piv[:READER]} into a source of cards: {@code pcsc}
 * uses a keybound card through its own protocol and any other PIV card (a YubiKey) through PIV;
 * {@code piv} uses PIV for every card, keybound's included.
 */
public final class CardReaders {

    /** The PIV management key in hex; the factory default when unset. */
    public static final String MANAGEMENT_KEY_VARIABLE = "KEYBOUND_PIV_MANAGEMENT_KEY";

    private CardReaders() {
    }

    /** The cards of {@code spec}; a simulated card is certified by the manufacturer kept in {@code simManufacturer}, if given. */
    public static TokenSource open(String spec, Optional<Path> simManufacturer) {
        if (spec.equals("sim")) {
            return CardTokenSource.of(SimulatedCardReader.shared(simManufacturer).terminal());
        }
        String kind = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
        String reader = spec.contains(":") ? spec.substring(spec.indexOf(':') + 1) : null;
        if ((kind.equals("pcsc") || kind.equals("piv")) && (reader == null || !reader.isEmpty())) {
            TerminalFactory factory = PcscPlatform.freshFactory();
            Supplier<List<CardTerminal>> terminals = () -> readers(factory, reader);
            return kind.equals("piv")
                    ? new PivTokenSource(terminals, managementKey(), UnaryOperator.identity())
                    : new AnyCardSource(terminals, managementKey());
        }
        throw new CliException(ExitCode.USAGE,
                "--card takes sim, pcsc, pcsc:READER, piv or piv:READER (see: pcsc_scan for reader names).");
    }

    private static ManagementKey managementKey() {
        String hex = System.getenv(MANAGEMENT_KEY_VARIABLE);
        if (hex == null || hex.isBlank()) {
            return ManagementKey.FACTORY_DEFAULT;
        }
        try {
            return ManagementKey.of(HexFormat.of().parseHex(hex.strip()));
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, "$" + MANAGEMENT_KEY_VARIABLE + " must be 16, 24 or 32 bytes in hex.");
        }
    }

    /** The readers whose name contains {@code name}; all of them for null. */
    private static List<CardTerminal> readers(TerminalFactory factory, String name) {
        try {
            List<CardTerminal> matching = factory.terminals().list().stream()
                    .filter(t -> name == null || t.getName().contains(name)).toList();
            if (matching.isEmpty() && name != null) {
                throw new ModuleNotFoundException("No PC/SC reader named " + name, null);
            }
            return matching;
        } catch (CardException e) {
            throw new ModuleNotFoundException("No PC/SC reader is available (is pcscd running?)", e);
        }
    }
}
