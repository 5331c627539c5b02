package keybound.cli.token;

import java.nio.file.Path;
import keybound.token.TokenSelector;
import keybound.token.pkcs11.Pkcs11Module;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Which PKCS#11 module and which token on it, shared by every token-using command. */
public final class TokenOptions {

    @Option(names = "--module", paramLabel = "PATH",
            description = "PKCS#11 library (default: $KEYBOUND_PKCS11_MODULE, else SoftHSM at ${DEFAULT-VALUE})",
            defaultValue = "${env:KEYBOUND_PKCS11_MODULE:-/usr/lib/softhsm/libsofthsm2.so}")
    Path module;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Which which;

    static final class Which {
        @Option(names = "--token", paramLabel = "LABEL", description = "the token's label")
        String label;

        @Option(names = "--serial", paramLabel = "SERIAL", description = "the token's serial number")
        String serial;
    }

    public Pkcs11Module openModule() {
        return Pkcs11Module.open(module);
    }

    /** The selector, or null when the user named no token. */
    public TokenSelector selectorOrNull() {
        if (which == null) {
            return null;
        }
        return which.label != null ? TokenSelector.label(which.label) : TokenSelector.serial(which.serial);
    }
}
