package keybound.cli;

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

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        Outcome outcome = describe(e);
        cmd.getErr().println("keybound: " + outcome.message());
        if (System.getenv("KEYBOUND_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
        }
        return outcome.exitCode();
    }

    record Outcome(int exitCode, String message) {
    }

    static Outcome describe(Throwable e) {
        if (e instanceof TokenException te) {
            return describeToken(te);
        }
        if (e instanceof Secrets.MissingSecretException) {
            return new Outcome(ExitCode.USAGE, e.getMessage() + ".");
        }
        if (e instanceof CliException ce) {
            return new Outcome(ce.exitCode(), ce.getMessage());
        }
        if (e instanceof keybound.issuer.IssuerException ie) {
            return describeIssuer(ie);
        }
        if (e instanceof keybound.server.client.BankUnreachableException) {
            return new Outcome(ExitCode.SERVER_UNREACHABLE, e.getMessage() + ". Check the server address, or start it: keybound server.");
        }
        if (e instanceof keybound.server.client.BankApiException api) {
            return describeBank(api);
        }
        if (e instanceof keybound.server.ConfigException) {
            return new Outcome(ExitCode.CONFIG, e.getMessage() + ". Fix the configuration file (see README, \"Using the station\").");
        }
        if (e instanceof keybound.issuer.store.StoreException) {
            return new Outcome(ExitCode.FAILURE, "The bank's registry database failed: " + e.getMessage()
                    + ". Check data.dir / jdbc.url, and that no other process holds the database.");
        }
        return new Outcome(ExitCode.FAILURE, e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + " (set KEYBOUND_DEBUG=1 for details)");
    }

    private static Outcome describeBank(keybound.server.client.BankApiException api) {
        String said = "the bank refused: " + api.getMessage() + (api.getMessage().endsWith(".") ? "" : ".");
        return switch (api.code()) {
            case "credentials-rejected" -> new Outcome(ExitCode.WRONG_SECRET, said
                    + " Check A and the secrets; repeated failures lock the account.");
            case "account-locked" -> new Outcome(ExitCode.LOCKED, said + " Ask the bank to unlock it.");
            case "logon-denied" -> new Outcome(ExitCode.REFUSED, said + " Check the token's certificate, the PINs and the"
                    + " card digits; repeated failures lock the account (the bank unlocks it).");
            case "acquisition-window-closed" -> new Outcome(ExitCode.REFUSED, said + " The 80 days since the application are"
                    + " over: apply to the bank again.");
            case "no-authorisation" -> new Outcome(ExitCode.REFUSED, said + " The administrator must first issue you a"
                    + " certificate authorisation: keybound admin users issue-cert USER.");
            case "attestation-required" -> new Outcome(ExitCode.REFUSED, said + " This bank certifies only keys a keybound"
                    + " card attests: generate the key on the card (--card pcsc, or --card sim with the bank's --sim-manufacturer).");
            case "attestation-invalid" -> new Outcome(ExitCode.REFUSED, said + " The card's maker is not one the bank trusts,"
                    + " or the statement does not match the key: use a card the bank accepts.");
            case "session-invalid" -> new Outcome(ExitCode.REFUSED, said + " Log on again.");
            case "not-permitted" -> new Outcome(ExitCode.REFUSED, said + " This needs an administrator session: keybound admin logon.");
            default -> new Outcome(ExitCode.REFUSED, said);
        };
    }

    private static Outcome describeIssuer(keybound.issuer.IssuerException e) {
        if (e instanceof keybound.issuer.WrongSecretException) {
            return new Outcome(ExitCode.WRONG_SECRET, e.getMessage() + ". Check the secret and try again.");
        }
        if (e instanceof keybound.issuer.AccountLockedException) {
            return new Outcome(ExitCode.LOCKED, e.getMessage() + ". The bank can unlock it: keybound bank unlock.");
        }
        return new Outcome(ExitCode.REFUSED, e.getMessage() + ".");
    }

    private static Outcome describeToken(TokenException e) {
        String m = e.getMessage();
        if (e instanceof WrongPinException) {
            return new Outcome(ExitCode.WRONG_SECRET, m + ". Check the token PIN and try again.");
        } else if (e instanceof PinLockedException) {
            return new Outcome(ExitCode.LOCKED, m + " (keybound token unblock).");
        } else if (e instanceof TokenNotPresentException) {
            return new Outcome(ExitCode.TOKEN_ABSENT, m + ". Insert the token, or list tokens with: keybound token list.");
        } else if (e instanceof ModuleNotFoundException) {
            return new Outcome(ExitCode.TOKEN_ABSENT, m + ". Check --module.");
        } else if (e instanceof TokenFullException) {
            return new Outcome(ExitCode.FAILURE, m + ". Delete an old credential or use another token.");
        }
        return new Outcome(ExitCode.FAILURE, m + ".");
    }
}
