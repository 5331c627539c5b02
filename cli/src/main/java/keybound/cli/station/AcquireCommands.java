package keybound.cli.station;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import keybound.cli.CliException;
import keybound.cli.ExitCode;
import keybound.cli.Json;
import keybound.cli.Secrets;
import keybound.cli.token.ChosenToken;
import keybound.cli.token.TokenOptions;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BankClient;
import keybound.token.Credential;
import keybound.token.CredentialQuery;
import keybound.token.Secret;
import keybound.token.TokenInfo;
import keybound.token.TokenSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Certificate acquisition (manual I-2 and II-1): the key is generated on the chosen token and never leaves it. */
public final class AcquireCommands {

    static final String CONTRACT_ID = "Contract ID (A, 利用者番号)";

    private AcquireCommands() {
    }

    abstract static class Acquire implements Callable<Integer> {
        final Secrets secrets;
        @Mixin TokenOptions token;
        @Mixin BankOptions bank;
        @Option(names = "--label", defaultValue = "bank-logon", description = "label of the new key on the token (default: ${DEFAULT-VALUE})")
        String label;
        @Option(names = "--json", description = "print JSON for scripts")
        boolean json;
        @Spec CommandSpec spec;

        Acquire(Secrets secrets) {
            this.secrets = secrets;
        }

        @Override
        public Integer call() {
            Map<String, String> env = secrets.environment();
            BankClient client = BankClient.connect(bank.settings(env), Optional.empty());
            PrintWriter out = spec.commandLine().getOut();
            try (ChosenToken chosen = token.open(); TokenSession session = chosen.logIn(secrets, "token-pin")) {
                if (session.find(CredentialQuery.label(label)).flatMap(Credential::certificate).isPresent()) {
                    throw new CliException(ExitCode.USAGE, "A key labelled " + label + " is already on this token;"
                            + " choose another with --label, or log on with the certificate it has.");
                }
                KeyEnrollment.Holder holder = holder();
                BankApi.IssuedCertificate issued = KeyEnrollment.enroll(session, label, holder, spec.commandLine().getErr(),
                        key -> request(client, holder, key)).issued();
                TokenInfo device = session.token();
                if (json) {
                    out.println(Json.write(Map.of("serial", issued.serial(), "commonName", issued.commonName(),
                            "token", device.serial(), "notAfter", issued.notAfter())));
                } else {
                    out.println("Certificate issued and stored on " + device.displayName() + ": CN = " + issued.commonName()
                            + ", serial " + issued.serial() + ". Its key cannot leave this token.");
                    out.println("Next: " + next());
                }
            }
            return ExitCode.OK;
        }

        /** Whose certificate is asked for. */
        abstract KeyEnrollment.Holder holder();

        abstract BankApi.IssuedCertificate request(BankClient client, KeyEnrollment.Holder holder, KeyEnrollment.NewKey key);

        abstract String next();
    }

    @Command(name = "acquire", mixinStandardHelpOptions = true,
            description = "I-2: acquire the administrator certificate with A, イ and ロ, its key generated on the token.")
    public static final class Administrator extends Acquire {
        Administrator(Secrets secrets) {
            super(secrets);
        }

        @Override
        KeyEnrollment.Holder holder() {
            return new KeyEnrollment.Holder(secrets.readIdentifier("contract-id", CONTRACT_ID), "");
        }

        @Override
        BankApi.IssuedCertificate request(BankClient client, KeyEnrollment.Holder holder, KeyEnrollment.NewKey key) {
            try (Secret i = secrets.read("contract-pin", "Contract PIN (イ, ご契約先暗証番号)");
                 Secret ro = secrets.read("confirmation-pin", "Contract confirmation PIN (ロ, ご契約先確認暗証番号)")) {
                return client.acquireAdministrator(new BankApi.AdministratorAcquisition(holder.contractId(), i, ro,
                        key.csrBase64(), key.token(), key.attestation(), key.requestId()));
            }
        }

        @Override
        String next() {
            return "keybound admin logon";
        }
    }

    @Command(name = "acquire", mixinStandardHelpOptions = true,
            description = "II-1: acquire a user certificate with A, ニ, ト and チ, its key generated on the token.")
    public static final class User extends Acquire {
        User(Secrets secrets) {
            super(secrets);
        }

        @Override
        KeyEnrollment.Holder holder() {
            return new KeyEnrollment.Holder(secrets.readIdentifier("contract-id", CONTRACT_ID), secrets.readIdentifier("user-id", "User ID (ニ, 利用者ID)"));
        }

        @Override
        BankApi.IssuedCertificate request(BankClient client, KeyEnrollment.Holder holder, KeyEnrollment.NewKey key) {
            try (Secret to = secrets.read("user-pin", "User PIN (ト, 利用者暗証番号)");
                 Secret chi = secrets.read("user-confirmation-pin", "User confirmation PIN (チ, 利用者確認暗証番号)")) {
                return client.acquireUser(new BankApi.UserAcquisition(holder.contractId(), holder.userIdOrEmpty(), to,
                        chi, key.csrBase64(), key.token(), key.attestation(), key.requestId()));
            }
        }

        @Override
        String next() {
            return "keybound user logon";
        }
    }
}
