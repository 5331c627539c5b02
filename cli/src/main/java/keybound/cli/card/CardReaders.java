package keybound.cli.card;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;
import keybound.cli.CliException;
import keybound.cli.ExitCode;
import keybound.token.ModuleNotFoundException;
import keybound.token.card.CardTokenSource;
import keybound.token.card.transport.PcscPlatform;

/** Turns {@code --card sim | pcsc | pcsc:READER} into a source of keybound cards. */
public final class CardReaders {

    private CardReaders() {
    }

    /** The cards of {@code spec}; a simulated card is certified by the manufacturer kept in {@code simManufacturer}, if given. */
    public static CardTokenSource open(String spec, Optional<Path> simManufacturer) {
        if (spec.equals("sim")) {
            return CardTokenSource.of(SimulatedCardReader.shared(simManufacturer).terminal());
        }
        if (spec.equals("pcsc")) {
            return CardTokenSource.pcsc();
        }
        if (spec.startsWith("pcsc:") && spec.length() > 5) {
            String reader = spec.substring(5);
            PcscPlatform.configure();
            TerminalFactory factory = TerminalFactory.getDefault();
            return new CardTokenSource(() -> readers(factory, reader), UnaryOperator.identity());
        }
        throw new CliException(ExitCode.USAGE, "--card takes sim, pcsc or pcsc:READER (see: pcsc_scan for reader names).");
    }

    private static List<CardTerminal> readers(TerminalFactory factory, String name) {
        try {
            List<CardTerminal> matching = factory.terminals().list().stream()
                    .filter(t -> t.getName().contains(name)).toList();
            if (matching.isEmpty()) {
                throw new ModuleNotFoundException("No PC/SC reader named " + name, null);
            }
            return matching;
        } catch (CardException e) {
            throw new ModuleNotFoundException("No PC/SC reader is available (is pcscd running?)", e);
        }
    }
}
