package keybound.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command and subcommand answers --help, and the top level documents the exit codes. */
class HelpTest {

    @Test
    void everyCommandHasHelp() {
        var root = new CommandLine(new Main(), new CliFactory(new Secrets(Map.of(), InputStream.nullInputStream()), Clock.systemUTC()));
        List<List<String>> paths = new ArrayList<>();
        collect(root, new ArrayList<>(), paths);
        assertTrue(paths.size() > 25, "commands found: " + paths.size());
        for (List<String> path : paths) {
            var args = new ArrayList<>(path);
            args.add("--help");
            CliRun run = CliRun.run(Map.of(), args.toArray(String[]::new)).expect(ExitCode.OK);
            assertTrue(run.out().startsWith("Usage: keybound"), path + ": " + run.out());
        }
        assertTrue(CliRun.run(Map.of(), "--help").out().contains("6   bank server unreachable"));
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
        into.add(List.copyOf(path));
        command.getSubcommands().forEach((name, sub) -> {
            if (!name.equals(sub.getCommandName())) {
                return; // an alias
            }
            var next = new ArrayList<>(path);
            next.add(name);
            collect(sub, next, into);
        });
    }
}
