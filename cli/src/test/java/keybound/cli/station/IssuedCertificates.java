package keybound.cli.station;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import keybound.cli.CliRun;
import keybound.issuer.CertificateState;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.store.CertificateRecord;
import keybound.server.fixture.BankFixture;

/** What the bank recorded of the certificates a station command obtained, looked up by serial. */
final class IssuedCertificates {

    private static final ObjectMapper JSON = new ObjectMapper();

    private IssuedCertificates() {
    }

    /** The serial a {@code --json} acquisition or renewal printed. */
    static String serialOf(CliRun run) throws IOException {
        return JSON.readTree(run.out()).get("serial").asText();
    }

    static CertificateRecord record(BankFixture bank, OpenedContract contract, String serial) {
        return bank.issuer().registry().certificates(contract.contractId()).stream().filter(r -> r.serial().equals(serial)).findFirst()
                .orElseThrow(() -> new AssertionError("no certificate " + serial));
    }

    static CertificateState state(BankFixture bank, OpenedContract contract, String serial) {
        return bank.issuer().registry().state(record(bank, contract, serial).certificate());
    }
}
