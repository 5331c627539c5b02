package keybound.cli.station;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import keybound.cli.CliProcess;
import keybound.cli.CliRun;
import keybound.cli.ExitCode;
import keybound.server.wiring.CaCreation;
import keybound.testkit.ca.TestCa;
import org.junit.jupiter.api.Test;

/**
 * Every known failure run as a real command against a real bank, its one line on standard error
 * matched against what it must say (what happened, what to do next), and none of them leaking a
 * Java class, a record's text or a bare {@code null}. Read-only back-office commands run without
 * the CA PIN.
 */
class ErrorMessageTableTest extends OperatedBankBase {

    /** What no message for people may contain. */
    private static final List<String> NEVER = List.of("Exception", "keybound.", "java.", "[label=", "null");

    /** One row of the table: the failure, its exit code and the pattern its message must match. */
    private record Row(String failure, CliRun run, int exitCode, String pattern) {
    }

    @Test
    void eachKnownFailureSaysWhatHappenedAndWhatToDoNext() throws Exception {
        Path otherCa = Files.writeString(directory.resolve("other-ca.pem"),
                CaCreation.pem(List.of(TestCa.create("Some Other CA").certificate())));
        Path openCard = Files.writeString(directory.resolve("card.txt"), "  A  B\n 1  12 34\n");

        List<Row> table = new ArrayList<>();
        table.add(new Row("nothing listens at the bank's address",
                bank.user("user", "logon", "--bank", StationEnvironment.unreachableBank()), ExitCode.SERVER_UNREACHABLE,
                "nothing answers at https://127\\.0\\.0\\.1:\\d+/?\\. Check the address .*keybound server\\."));
        table.add(new Row("the CA file is not the bank's",
                bank.user("user", "logon", "--bank-ca", otherCa.toString()), ExitCode.SERVER_UNREACHABLE,
                "the server at https://127\\.0\\.0\\.1:\\d+/? presented a certificate that is not signed by the bank CA file you gave\\. Check --bank-ca.*"));
        table.add(new Row("no token with that label",
                CliRun.run(bank.user, "user", "logon", "--module", bank.module(), "--token", "no-such-token"),
                ExitCode.TOKEN_ABSENT, "No token labelled no-such-token in .*\\. Insert the token, or list tokens with: keybound token list\\."));
        String pin = bank.user.remove("KEYBOUND_TOKEN_PIN");
        table.add(new Row("the token PIN is given nowhere", bank.user("user", "logon"), ExitCode.USAGE,
                "No token-pin given: set KEYBOUND_TOKEN_PIN or type it at the prompt\\."));
        bank.user.put("KEYBOUND_TOKEN_PIN", pin);
        table.add(new Row("renewal before its window",
                bank.admin("renew", "--admin"), ExitCode.REFUSED,
                "the bank refused: renewal-not-open \\(409\\): renewal opens 30 days before expiry, on \\d{4}-\\d\\d-\\d\\dT.*"
                        + " Run keybound renew again on or after that date.*"));
        table.add(new Row("not logged on",
                bank.user("status"),
                ExitCode.REFUSED, "Not logged on\\. Log on first: keybound admin logon, or keybound user logon\\."));
        table.add(new Row("a customer card file others may read",
                bank.admin("admin", "logon", "--card-file", openCard.toString()), ExitCode.USAGE,
                "Cannot use the customer card file .*: others may read it; make it yours alone: chmod 600 .*\\."));
        table.add(new Row("a bank command while the server holds the H2 registry",
                CliProcess.run(directory, bank.operator, "", "bank", "certificates", bank.contractId, "--config",
                        bank.config().toString()), ExitCode.FAILURE,
                "the registry database is open in another process: most likely the bank's server runs on this database\\."
                        + " Stop the server before this command, or run the bank on PostgreSQL \\(jdbc\\.url\\).*"));

        for (Row row : table) {
            CliRun run = row.run();
            List<String> lines = run.err().stripTrailing().lines().toList();
            assertFalse(lines.isEmpty(), row.failure() + ": nothing on stderr, exit code " + run.code() + ", out: " + run.out());
            String line = lines.get(lines.size() - 1);
            assertTrue(run.code() == row.exitCode(), row.failure() + ": exit code " + run.code() + ", " + run.err());
            assertTrue(line.startsWith("keybound: "), row.failure() + ": " + line);
            assertTrue(lines.subList(0, lines.size() - 1).stream().allMatch(l -> l.startsWith("  ... ")),
                    row.failure() + ": one line after any progress lines expected: " + run.err());
            assertTrue(Pattern.compile(row.pattern(), Pattern.DOTALL).matcher(line.substring("keybound: ".length())).matches(),
                    row.failure() + ": '" + line + "' does not match " + row.pattern());
            for (String leak : NEVER) {
                assertFalse(line.contains(leak), row.failure() + ": '" + leak + "' in " + line);
            }
        }
    }

    @Test
    void readOnlyBankCommandsNeedNoCaPin() {
        Map<String, String> withoutPin = new HashMap<>(bank.operator);
        withoutPin.remove("KEYBOUND_CA_PIN");
        for (List<String> command : List.of(List.of("certificates", bank.contractId), List.of("config", "show"),
                List.of("verifiers"), List.of("audit-check"))) {
            var args = new ArrayList<>(List.of("bank"));
            args.addAll(command);
            args.addAll(List.of("--config", bank.config().toString()));
            CliRun run = CliRun.run(withoutPin, args.toArray(String[]::new));
            assertTrue(run.code() == ExitCode.OK, command + " asked for more than it reads: " + run);
        }
    }
}
