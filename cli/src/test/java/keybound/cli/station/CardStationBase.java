package keybound.cli.station;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import keybound.cardsim.ManufacturerCa;
import keybound.issuer.contract.Bank;
import keybound.server.fixture.BankFixture;
import keybound.testkit.softhsm.SoftHsmEnvironment;
import keybound.testkit.softhsm.SoftHsmExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the station tests with a simulated card share: SoftHSM for the software tokens, a bank that
 * trusts the maker of the simulated card kept under the test's directory (as the station's
 * {@code --sim-manufacturer} finds it) with the subclass's banks registered, and a suffix that
 * keeps this test's token labels apart.
 */
@ExtendWith(SoftHsmExtension.class)
abstract class CardStationBase {

    @TempDir
    protected Path directory;

    protected SoftHsmEnvironment softHsm;
    protected String module;
    protected BankFixture bank;
    protected Path manufacturer;
    protected String suffix;

    @BeforeEach
    void bankTrustingTheCardMaker(SoftHsmEnvironment environment) {
        softHsm = environment;
        module = environment.module().toString();
        suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt());
        manufacturer = directory.resolve("card-maker");
        bank = BankFixture.trusting(directory, List.of(ManufacturerCa.openOrCreate(manufacturer).certificate()), settings());
        for (Bank registered : banks()) {
            bank.issuer().backOffice().registerBank(registered);
        }
    }

    @AfterEach
    void closeBank() {
        bank.close();
    }

    /** The banks (code, name, attestation policy) this test's contracts are opened at. */
    protected abstract List<Bank> banks();

    /** The bank's settings beyond {@link BankFixture}'s ({@code key=value}). */
    protected String[] settings() {
        return new String[0];
    }
}
