package keybound.cli.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import keybound.cli.CliProcess;
import keybound.cli.CliRun;
import keybound.cli.ExitCode;
import org.junit.jupiter.api.Test;

/**
 * The station profile across separate processes: a user acquires naming the bank, its CA and the
 * token once; later commands in new processes (logon, status, logoff) name nothing and find them
 * in the profile. Secrets come one per line on standard input. And {@code admin logon --card-file}.
 */
class StationProfileTest extends OperatedBankBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN_PIN = "333333";

    @Test
    void laterCommandsInNewProcessesFindTheBankAndTheTokenInTheProfile() throws Exception {
        JsonNode user = JSON.readTree(bank.admin("admin", "users", "register", "U02", "--json").expect(ExitCode.OK).out());
        bank.admin("admin", "users", "issue-cert", "U02").expect(ExitCode.OK);
        String token = bank.initToken("station-" + bank.suffix(), TOKEN_PIN);
        String to = user.get("userPin").asText();
        String chi = user.get("userConfirmationPin").asText();
        Map<String, String> env = Map.of("HOME", directory.resolve("home").toString(),
                "XDG_CONFIG_HOME", directory.resolve("config").toString());

        // user acquire reads: token PIN, A, ニ, ト, チ
        CliRun acquired = CliProcess.run(directory, env, String.join("\n", TOKEN_PIN, bank.contractId, "U02", to, chi, ""),
                "user", "acquire", "--module", bank.module(), "--token", token,
                "--bank", bank.user.get("KEYBOUND_BANK_URL"), "--bank-ca", bank.user.get("KEYBOUND_BANK_CA"));
        assertEquals(ExitCode.OK, acquired.code(), acquired.toString());
        assertTrue(acquired.out().contains("Next: keybound user logon"), acquired.out());

        Path profile = directory.resolve("config/keybound/station.properties");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(profile.getParent())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(profile)));
        String recorded = Files.readString(profile);
        assertTrue(recorded.contains("token.label=" + token), recorded);
        for (String secret : new String[] {TOKEN_PIN, to, chi}) {
            assertFalse(recorded.contains(secret), "no secret in the profile: " + recorded);
        }

        // user logon reads: token PIN, ト; status and logoff: token PIN
        CliRun logon = CliProcess.run(directory, env, TOKEN_PIN + "\n" + to + "\n", "user", "logon");
        assertEquals(ExitCode.OK, logon.code(), logon.toString());
        assertTrue(logon.out().startsWith("Logged on: "), logon.out());
        CliRun status = CliProcess.run(directory, env, TOKEN_PIN + "\n", "status");
        assertEquals(ExitCode.OK, status.code(), status.toString());
        assertTrue(status.out().contains("U02"), status.out());
        assertTrue(Files.exists(directory.resolve("home/.keybound/session.properties")), "the session lives under HOME");
        CliRun logoff = CliProcess.run(directory, env, TOKEN_PIN + "\n", "user", "logoff");
        assertEquals(ExitCode.OK, logoff.code(), logoff.toString());

        // --token still chooses another: here one that does not exist
        CliRun other = CliProcess.run(directory, env, TOKEN_PIN + "\n" + to + "\n", "user", "logon", "--token", "elsewhere");
        assertEquals(ExitCode.TOKEN_ABSENT, other.code(), other.toString());
        assertTrue(other.err().contains("No token labelled elsewhere"), other.err());
    }

    @Test
    void administratorLogonTakesTheAskedCellsFromACardFileOfItsOwnersOnly() throws Exception {
        Map<String, String> cells = new TreeMap<>();
        bank.admin.entrySet().removeIf(e -> {
            if (e.getKey().startsWith("KEYBOUND_CARD_")) {
                cells.put(e.getKey().substring("KEYBOUND_CARD_".length()), e.getValue());
                return true;
            }
            return false;
        });
        Path card = Files.createFile(directory.resolve("card.txt"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(card, layout(cells));

        CliRun logon = bank.admin("admin", "logon", "--card-file", card.toString()).expect(ExitCode.OK);
        assertTrue(logon.out().startsWith("Logged on: "), logon.out());

        Files.setPosixFilePermissions(card, PosixFilePermissions.fromString("rw-r--r--"));
        CliRun refused = bank.admin("admin", "logon", "--card-file", card.toString()).expectOneLineFailure(ExitCode.USAGE);
        assertTrue(refused.err().contains("chmod 600"), refused.err());

        Files.setPosixFilePermissions(card, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(card, "A B\n1 12\n");
        bank.admin("admin", "logon", "--card-file", card.toString()).expectOneLineFailure(ExitCode.USAGE);
    }

    /** The card as keybound bank open-contract prints it: column letters, then numbered rows. */
    private static String layout(Map<String, String> cells) {
        int columns = 0;
        int rows = 0;
        for (String cell : cells.keySet()) {
            columns = Math.max(columns, cell.charAt(0) - 'A' + 1);
            rows = Math.max(rows, Integer.parseInt(cell.substring(1)));
        }
        var text = new StringBuilder("       ");
        for (int c = 0; c < columns; c++) {
            text.append(' ').append((char) ('A' + c)).append(' ');
        }
        text.append('\n');
        Map<String, String> byName = new HashMap<>(cells);
        for (int r = 1; r <= rows; r++) {
            text.append(String.format("    %2d ", r));
            for (int c = 0; c < columns; c++) {
                text.append(' ').append(byName.get((char) ('A' + c) + String.valueOf(r)));
            }
            text.append('\n');
        }
        return text.toString();
    }
}
