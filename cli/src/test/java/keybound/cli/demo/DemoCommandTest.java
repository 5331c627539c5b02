package keybound.cli.demo;

import java.nio.file.Path;
import java.util.Map;
import keybound.cli.CliRun;
import keybound.cli.ExitCode;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo itself runs through the launcher (LauncherIT); here: refusing to run without its own SoftHSM. */
class DemoCommandTest {

    @TempDir
    Path directory;

    @Test
    void withoutItsOwnSoftHsmConfigurationTheDemoSaysHowToRunIt() {
        var run = CliRun.run(Map.of(), "demo", "--work-dir", directory.toString()).expectOneLineFailure(ExitCode.CONFIG);
        Assertions.assertTrue(run.err().contains("./keybound demo"), run.err());
    }
}
