package keybound.cli;

import java.util.Locale;
import java.util.Map;
import keybound.bankapi.ProblemCode;
import keybound.bankapi.client.BankApiException;
import keybound.bankapi.client.BankUnreachableException;
import keybound.issuer.refusal.AccountLockedException;
import keybound.issuer.refusal.IssuerException;
import keybound.issuer.refusal.WrongSecretException;
import keybound.issuer.store.RegistryInUseException;
import keybound.issuer.store.StoreException;
import keybound.server.ConfigException;
import keybound.token.ModuleNotFoundException;
import keybound.token.PinLockedException;
import keybound.token.TokenException;
import keybound.token.TokenFullException;
import keybound.token.TokenNotPresentException;
import keybound.token.WrongPinException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failure into one line that says what happened and what to do next, and an exit code.
 * Never a stack trace: those go nowhere unless {@code KEYBOUND_DEBUG} is set.
 */
final class ErrorReporter implements IExecutionExceptionHandler {

    private final Map<String, String> environment;

    /** {@code environment}: where {@code LC_ALL} / {@code LANG} choose the language unless {@code --lang} does. */
    ErrorReporter(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        Outcome outcome = describe(e, messages(parsed));
        cmd.getErr().println("keybound: " + outcome.message());
        if (System.getenv("KEYBOUND_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
        }
        return outcome.exitCode();
    }

    private Messages messages(ParseResult parsed) {
        Messages.Language lang = null;
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            lang = p.matchedOptionValue("--lang", lang);
        }
        return Messages.choose(lang, environment);
    }

    record Outcome(int exitCode, String message) {
    }

    /** In English, as the tests and scripts see it by default. */
    static Outcome describe(Throwable e) {
        return describe(e, Messages.english());
    }

    static Outcome describe(Throwable e, Messages m) {
        if (e instanceof TokenException te) {
            return describeToken(te, m);
        }
        if (e instanceof Secrets.MissingSecretException) {
            return new Outcome(ExitCode.USAGE, m.get("secret.missing", e.getMessage()));
        }
        if (e instanceof CliException ce) {
            return new Outcome(ce.exitCode(), ce.getMessage());
        }
        if (e instanceof IssuerException ie) {
            return describeIssuer(ie, m);
        }
        if (e instanceof BankUnreachableException unreachable) {
            return new Outcome(ExitCode.SERVER_UNREACHABLE, m.get("unreachable." + key(unreachable.reason()), e.getMessage()));
        }
        if (e instanceof BankApiException api) {
            return describeBank(api, m);
        }
        if (e instanceof ConfigException) {
            return new Outcome(ExitCode.CONFIG, m.get("config", e.getMessage()));
        }
        if (e instanceof RegistryInUseException) {
            return new Outcome(ExitCode.FAILURE, m.get("store.in-use", e.getMessage()));
        }
        if (e instanceof StoreException) {
            return new Outcome(ExitCode.FAILURE, m.get("store", e.getMessage()));
        }
        // No class name: people read this. What failed is in the message, the rest under KEYBOUND_DEBUG.
        return new Outcome(ExitCode.FAILURE, m.get("unknown", e.getMessage() == null ? m.get("unknown.silent") : e.getMessage()));
    }

    /** The catalogue's key for a reason: its name in lower case with dashes, as problem codes are written. */
    private static String key(Enum<?> reason) {
        return reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Outcome describeBank(BankApiException api, Messages m) {
        String said = m.get("bank.refused", api.getMessage() + (api.getMessage().endsWith(".") ? "" : "."));
        int code = api.is(ProblemCode.CREDENTIALS_REJECTED) ? ExitCode.WRONG_SECRET
                : api.is(ProblemCode.ACCOUNT_LOCKED) ? ExitCode.LOCKED : ExitCode.REFUSED;
        // A refusal the catalogue has advice for (bank.<code>) gets it appended.
        return new Outcome(code, m.find("bank." + api.code()).map(hint -> said + " " + hint).orElse(said));
    }

    private static Outcome describeIssuer(IssuerException e, Messages m) {
        if (e instanceof WrongSecretException) {
            return new Outcome(ExitCode.WRONG_SECRET, m.get("issuer.wrong-secret", e.getMessage()));
        }
        if (e instanceof AccountLockedException) {
            return new Outcome(ExitCode.LOCKED, m.get("issuer.locked", e.getMessage()));
        }
        return new Outcome(ExitCode.REFUSED, m.get("issuer.refused", e.getMessage()));
    }

    private static Outcome describeToken(TokenException e, Messages m) {
        String said = e.getMessage();
        if (e instanceof WrongPinException) {
            return new Outcome(ExitCode.WRONG_SECRET, m.get("token.wrong-pin", said));
        } else if (e instanceof PinLockedException) {
            return new Outcome(ExitCode.LOCKED, m.get("token.locked", said));
        } else if (e instanceof TokenNotPresentException) {
            return new Outcome(ExitCode.TOKEN_ABSENT, m.get("token.absent", said));
        } else if (e instanceof ModuleNotFoundException) {
            return new Outcome(ExitCode.TOKEN_ABSENT, m.get("token.no-module", said));
        } else if (e instanceof TokenFullException) {
            return new Outcome(ExitCode.FAILURE, m.get("token.full", said));
        }
        return new Outcome(ExitCode.FAILURE, m.get("token.failed", said));
    }
}
