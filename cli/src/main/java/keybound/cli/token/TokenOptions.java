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

    @Option(names = "--module", paramLabel = "PATH",
            description = "PKCS#11 library (default: $KEYBOUND_PKCS11_MODULE, else SoftHSM at ${DEFAULT-VALUE})",
            defaultValue = "${env:KEYBOUND_PKCS11_MODULE:-/usr/lib/softhsm/libsofthsm2.so}")
    Path module;

    @Option(names = "--card", paramLabel = "sim|pcsc[:READER]|piv[:READER]",
            description = "use a card instead of a PKCS#11 module: pcsc (any PC/SC reader: a keybound card, or any PIV"
                    + " card such as a YubiKey), pcsc:READER, piv[:READER] (every card through PIV, keybound's too;"
                    + " management key: $" + CardReaders.MANAGEMENT_KEY_VARIABLE + ", else the factory default),"
                    + " or sim (the applet in an in-process simulator; it forgets everything when the process ends)")
    String card;

    @Option(names = "--sim-manufacturer", paramLabel = "DIR", defaultValue = "${env:KEYBOUND_SIM_MANUFACTURER}",
            description = "with --card sim: the simulated card manufacturer kept in DIR (made there on first use), whose "
                    + ManufacturerCa.CERTIFICATE_FILE + " a bank that requires attestation trusts (card.trust-anchors);"
                    + " default: $KEYBOUND_SIM_MANUFACTURER, else a throw-away one no bank trusts")
    Path simManufacturer;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Which which;

    static final class Which {
        @Option(names = "--token", paramLabel = "LABEL", description = "the token's label")
        String label;

        @Option(names = "--serial", paramLabel = "SERIAL", description = "the token's serial number (a card's serial)")
        String serial;
    }

    /** The PKCS#11 module, or the card readers when {@code --card} is given. */
    public TokenSource openSource() {
        return card == null ? openModule(module) : openCards(card);
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
        return module;
    }

    public boolean usesCard() {
        return card != null;
    }

    /** Where tokens were looked for, for messages. */
    public String where() {
        return card == null ? module.toString() : "card readers (" + card + ")";
    }

    /** The selector, or null when the user named no token. */
    public TokenSelector selectorOrNull() {
        if (which == null) {
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
