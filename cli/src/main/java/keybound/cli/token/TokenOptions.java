package keybound.cli.token;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import keybound.cardsim.ManufacturerCa;
import keybound.cli.CliException;
import keybound.cli.ExitCode;
import keybound.cli.card.CardReaders;
import keybound.token.TokenInfo;
import keybound.token.TokenNotPresentException;
import keybound.token.TokenSelector;
import keybound.token.TokenSource;
import keybound.token.pkcs11.Pkcs11Module;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Which device (a PKCS#11 module or a Java Card) and which token on it, shared by every token-using command. */
public final class TokenOptions {

    /** SoftHSM's library on Debian, the module used when nothing else names one. */
    static final Path SOFTHSM = Path.of("/usr/lib/softhsm/libsofthsm2.so");

    @Option(names = "--module", paramLabel = "PATH",
            description = "PKCS#11 library (default: the station profile's, else $KEYBOUND_PKCS11_MODULE, else SoftHSM at "
                    + "/usr/lib/softhsm/libsofthsm2.so)")
    Path module;

    @Option(names = "--card", paramLabel = "sim|pcsc[:READER]|piv[:READER]",
            description = "use a card instead of a PKCS#11 module: pcsc (any PC/SC reader: a keybound card, or any PIV"
                    + " card such as a YubiKey), pcsc:READER, piv[:READER] (every card through PIV, keybound's too;"
                    + " management key: $" + CardReaders.MANAGEMENT_KEY_VARIABLE + ", else the factory default),"
                    + " or sim (the applet in an in-process simulator, for one command only: it forgets everything when"
                    + " the command ends; keybound card simulate keeps a simulated card for --card pcsc)")
    String card;

    @Option(names = "--sim-manufacturer", paramLabel = "DIR", defaultValue = "${env:KEYBOUND_SIM_MANUFACTURER}",
            description = "with --card sim: the simulated card manufacturer kept in DIR (made there on first use), whose "
                    + ManufacturerCa.CERTIFICATE_FILE + " a bank that requires attestation trusts (card.trust-anchors);"
                    + " default: $KEYBOUND_SIM_MANUFACTURER, else a throw-away one no bank trusts")
    Path simManufacturer;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Which which;

    static final class Which {
        @Option(names = "--token", paramLabel = "LABEL", description = "the token's label (default: the station profile's)")
        String label;

        @Option(names = "--serial", paramLabel = "SERIAL", description = "the token's serial number (a card's serial)")
        String serial;
    }

    /**
     * The token to use when the command names none ({@code --token}, {@code --serial}, {@code --card},
     * {@code --module}): the one recorded at acquisition.
     */
    public void orElse(TokenChoice recorded) {
        if (which != null || card != null || module != null) {
            return;
        }
        module = recorded.module() == null ? null : Path.of(recorded.module());
        card = recorded.card();
        which = new Which();
        which.label = recorded.label();
        which.serial = recorded.serial();
    }

    /**
     * How to find {@code token} again from a later command: its module and label, or the card
     * readers and its serial. A simulated card ({@code --card sim}) is gone when this process ends.
     */
    public Optional<TokenChoice> choiceOf(TokenInfo token) {
        if ("sim".equals(card)) {
            return Optional.empty();
        }
        return Optional.of(card != null ? new TokenChoice(null, card, null, token.serial())
                : new TokenChoice(modulePath().toAbsolutePath().toString(), null, token.label(), null));
    }

    /** Whether the token is the in-process simulated card, which forgets everything when the command ends. */
    public boolean simulated() {
        return "sim".equals(card);
    }

    /** The PKCS#11 module, or the card readers when {@code --card} is given. */
    public TokenSource openSource() {
        return card == null ? openModule(modulePath()) : openCards(card);
    }

    /** The PKCS#11 library at {@code path}: the one place station commands load a PKCS#11 module. */
    public TokenSource openModule(Path path) {
        return Pkcs11Module.open(path);
    }

    /** The cards of {@code spec} (sim, pcsc, pcsc:READER), simulated ones by this command's manufacturer. */
    public TokenSource openCards(String spec) {
        return CardReaders.open(spec, Optional.ofNullable(simManufacturer));
    }

    /** The token this command names (or the one card present), with the module or readers it is in. */
    public ChosenToken open() {
        return ChosenToken.open(this);
    }

    public Path modulePath() {
        if (module != null) {
            return module;
        }
        String fromEnvironment = System.getenv("KEYBOUND_PKCS11_MODULE");
        return fromEnvironment != null && !fromEnvironment.isEmpty() ? Path.of(fromEnvironment) : SOFTHSM;
    }

    public boolean usesCard() {
        return card != null;
    }

    /** Where tokens were looked for, for messages. */
    public String where() {
        return card == null ? modulePath().toString() : "card readers (" + card + ")";
    }

    /** The selector, or null when the user named no token. */
    public TokenSelector selectorOrNull() {
        if (which == null || (which.label == null && which.serial == null)) {
            return null;
        }
        return which.label != null ? TokenSelector.label(which.label) : TokenSelector.serial(which.serial);
    }

    /** The named token; with a card and no name, the one card present. */
    public TokenSelector selector(TokenSource source) {
        TokenSelector named = selectorOrNull();
        if (named != null) {
            return named;
        }
        CliException nameIt = new CliException(ExitCode.USAGE, "Name the token with --token LABEL or --serial SERIAL (see: keybound token list).");
        if (card == null) {
            throw nameIt;
        }
        return onlyCard(source, where(), () -> nameIt);
    }

    /**
     * The one keybound card in {@code cards} (found {@code where}): none is {@link TokenNotPresentException},
     * several are refused with {@code several}.
     */
    public static TokenSelector onlyCard(TokenSource cards, String where, Supplier<CliException> several) {
        List<TokenInfo> present = cards.tokens();
        if (present.isEmpty()) {
            throw new TokenNotPresentException("No keybound card in " + where);
        }
        if (present.size() > 1) {
            throw several.get();
        }
        return TokenSelector.serial(present.get(0).serial());
    }
}
