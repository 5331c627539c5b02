package keybound.cli.token;

import java.util.concurrent.Callable;
import keybound.cli.CliException;
import keybound.cli.ExitCode;
import keybound.cli.Secrets;
import keybound.token.Credential;
import keybound.token.Secret;
import keybound.token.Token;
import keybound.token.TokenInfo;
import keybound.token.TokenKind;
import keybound.token.TokenSource;
import keybound.token.pkcs11.Pkcs11Module;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code keybound token ...}: look after the hardware that holds the keys. */
@Command(name = "token", description = "List, inspect and initialise tokens; change or unblock their PIN.",
        mixinStandardHelpOptions = true,
        subcommands = {TokenCommand.ListTokens.class, TokenCommand.Info.class, TokenCommand.Init.class,
                TokenCommand.ChangePin.class, TokenCommand.Unblock.class})
public final class TokenCommand {

    static String describe(TokenInfo info) {
        var pin = info.pinState();
        String state = pin.locked() ? "PIN LOCKED" : pin.finalTry() ? "PIN final try" : pin.countLow() ? "PIN count low" : "PIN ok";
        return "%-20s serial %-18s %s / %s  [%s]".formatted(info.label(), info.serial(), info.manufacturer(), info.model(), state);
    }

    @Command(name = "list", description = "List the tokens of the PKCS#11 module.", mixinStandardHelpOptions = true)
    static final class ListTokens implements Callable<Integer> {
        @Mixin TokenOptions options;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            try (TokenSource source = options.openSource()) {
                var tokens = source.tokens();
                if (tokens.isEmpty()) {
                    spec.commandLine().getOut().println("No initialised token in " + options.where()
                            + (options.usesCard() ? ". Insert a keybound card." : ". Create one with: keybound token init LABEL"));
                }
                tokens.forEach(t -> spec.commandLine().getOut().println(describe(t)));
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "info", description = "Show a token and, with its PIN, the credentials on it.", mixinStandardHelpOptions = true)
    static final class Info implements Callable<Integer> {
        private final Secrets secrets;

        Info(Secrets secrets) {
            this.secrets = secrets;
        }

        @Mixin TokenOptions options;
        @Spec CommandSpec spec;
        @Option(names = "--credentials", description = "also list the key pairs and certificates (asks for the token PIN)")
        boolean credentials;

        @Override
        public Integer call() {
            var out = spec.commandLine().getOut();
            try (ChosenToken chosen = options.open()) {
                out.println(describe(chosen.token().info()));
                if (credentials) {
                    try (var session = chosen.logIn(secrets, "token-pin")) {
                        // a PIV card's key ids are its slots (9a, 9c, 9d, 9e): say so
                        String where = chosen.token().info().kind() == TokenKind.PIV ? "PIV slot" : "id";
                        for (Credential c : session.credentials()) {
                            out.printf("  key %-16s %s %s %s%s%n", c.key().label(), where, c.key().id(), c.key().algorithm(),
                                    c.certificate().map(x -> "  cert " + x.getSubjectX500Principal().getName()).orElse("  (no certificate)"));
                        }
                    }
                }
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "init", description = "Initialise a new token on the PKCS#11 module's free slot (cards are personalised at the factory).", mixinStandardHelpOptions = true)
    static final class Init implements Callable<Integer> {
        private final Secrets secrets;

        Init(Secrets secrets) {
            this.secrets = secrets;
        }

        @Option(names = "--module", paramLabel = "PATH", defaultValue = "${env:KEYBOUND_PKCS11_MODULE:-/usr/lib/softhsm/libsofthsm2.so}",
                description = "PKCS#11 library (default: ${DEFAULT-VALUE})")
        java.nio.file.Path modulePath;
        @Parameters(paramLabel = "LABEL", description = "the new token's label (1 to 32 characters)")
        String label;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            try (Pkcs11Module module = Pkcs11Module.open(modulePath);
                 Secret so = secrets.read("so-pin", "New security officer PIN");
                 Secret user = secrets.read("token-pin", "New user PIN")) {
                TokenInfo info = module.initToken(label, so, user);
                spec.commandLine().getOut().println("Initialised " + describe(info));
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCode.USAGE, e.getMessage() + ".");
            }
            return ExitCode.OK;
        }
    }

    /** Sets a new token PIN, proven by a secret the holder has: the current PIN, or the security officer's. */
    abstract static class NewPin implements Callable<Integer> {

        /** How the token takes the proof and the new PIN. */
        interface PinSetter {
            void set(Token token, Secret proof, Secret fresh);
        }

        private final Secrets secrets;
        private final String proof;
        private final String proofPrompt;
        private final PinSetter setter;
        private final String done;
        @Mixin TokenOptions options;
        @Spec CommandSpec spec;

        NewPin(Secrets secrets, String proof, String proofPrompt, PinSetter setter, String done) {
            this.secrets = secrets;
            this.proof = proof;
            this.proofPrompt = proofPrompt;
            this.setter = setter;
            this.done = done;
        }

        @Override
        public Integer call() {
            try (ChosenToken chosen = options.open();
                 Secret proven = secrets.read(proof, proofPrompt);
                 Secret fresh = secrets.read("new-token-pin", "New token PIN")) {
                setter.set(chosen.token(), proven, fresh);
                spec.commandLine().getOut().println(done + " on " + chosen.token().info().label() + ".");
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "change-pin", description = "Change the token's user PIN.", mixinStandardHelpOptions = true)
    static final class ChangePin extends NewPin {
        ChangePin(Secrets secrets) {
            super(secrets, "token-pin", "Current token PIN", Token::changePin, "PIN changed");
        }
    }

    @Command(name = "unblock", description = "Unblock the user PIN with the security officer PIN, and set a new one.",
            mixinStandardHelpOptions = true)
    static final class Unblock extends NewPin {
        Unblock(Secrets secrets) {
            super(secrets, "so-pin", "Security officer PIN", Token::unblockPin, "PIN unblocked and reset");
        }
    }
}
