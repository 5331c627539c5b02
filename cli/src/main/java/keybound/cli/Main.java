package keybound.cli;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Clock;
import keybound.cli.bank.BankCommand;
import keybound.cli.bank.ServeCommand;
import keybound.cli.demo.DemoCommand;
import keybound.cli.station.LogonCommands;
import keybound.cli.station.RekeyCommands;
import keybound.cli.token.TokenCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code keybound} command. {@code main} owns the process (exit code, error printing);
 * {@link #run(Secrets, PrintWriter, PrintWriter, String...)} returns the exit code so tests can drive
 * every subcommand in-process.
 */
@Command(name = "keybound", mixinStandardHelpOptions = true, version = "keybound 0.1.0",
        description = "Bank client certificates whose keys never leave a hardware token.",
        subcommands = {TokenCommand.class, LogonCommands.Admin.class, LogonCommands.User.class, LogonCommands.Status.class,
                RekeyCommands.Renew.class, RekeyCommands.Migrate.class,
                BankCommand.class, ServeCommand.class, DemoCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success",
                "1:failure not listed below",
                "2:wrong command line",
                "3:wrong PIN or secret",
                "4:PIN or account locked",
                "5:token, module or reader not present",
                "6:bank server unreachable",
                "7:refused by the bank",
                "8:missing or invalid configuration"})
public final class Main {

    /** Read by {@link ErrorReporter} from the parse result; here so that every command accepts it. */
    @Option(names = "--lang", paramLabel = "ja|en", scope = CommandLine.ScopeType.INHERIT,
            description = "language of error messages (default: from LC_ALL / LANG, else English)")
    Messages.Language lang;

    public static void main(String[] args) {
        // Standard output belongs to the command: libraries that print there (jcardsim does) are sent
        // to stderr under KEYBOUND_DEBUG, and nowhere otherwise, so scripts can parse what we print.
        // The platform charset is the terminal's, which is what System.out itself writes.
        Charset terminal = Charset.defaultCharset();
        var stdout = new PrintWriter(new OutputStreamWriter(System.out, terminal), true);
        System.setOut(System.getenv("KEYBOUND_DEBUG") != null ? System.err : new PrintStream(OutputStream.nullOutputStream()));
        int code = run(Secrets.fromSystem(), stdout, new PrintWriter(new OutputStreamWriter(System.err, terminal), true), args);
        System.exit(code);
    }

    public static int run(Secrets secrets, PrintWriter out, PrintWriter err, String... args) {
        return run(secrets, Clock.systemUTC(), out, err, args);
    }

    /** As {@link #run(Secrets, PrintWriter, PrintWriter, String...)}, every command reading time from {@code clock}. */
    public static int run(Secrets secrets, Clock clock, PrintWriter out, PrintWriter err, String... args) {
        var cli = new CommandLine(new Main(), new CliFactory(secrets, clock));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new ErrorReporter(secrets.environment()));
        cli.setParameterExceptionHandler(new UsageReporter());
        return cli.execute(args);
    }
}
