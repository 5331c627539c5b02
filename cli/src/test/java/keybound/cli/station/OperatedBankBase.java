package keybound.cli.station;

import java.nio.file.Path;
import keybound.testkit.softhsm.SoftHsmEnvironment;
import keybound.testkit.softhsm.SoftHsmExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The set-up of the tests that drive an {@link OperatedBank}: one per test, in the test's directory, closed after it. */
@ExtendWith(SoftHsmExtension.class)
abstract class OperatedBankBase {

    @TempDir
    protected Path directory;

    protected OperatedBank bank;

    @BeforeEach
    void operatedBank(SoftHsmEnvironment softhsm) throws Exception {
        bank = new OperatedBank(directory, softhsm.module(), lockout());
    }

    @AfterEach
    void closeBank() {
        bank.close();
    }

    /** How many wrong answers lock an account at this bank. */
    protected int lockout() {
        return 5;
    }
}
