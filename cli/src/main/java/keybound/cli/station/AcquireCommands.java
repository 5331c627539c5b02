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
                StationProfile.of(env).ifPresent(profile -> profile.save(bank.address(env).toString(), bank.caFile(env),
                        token.choiceOf(device)));
                if (json) {
                    out.println(Json.write(Map.of("serial", issued.serial(), "commonName", issued.commonName(),
                            "token", device.serial(), "notAfter", issued.notAfter())));
                } else {
                    out.println("Certificate issued and stored on " + device.displayName() + ": CN = " + issued.commonName()
                            + ", serial " + issued.serial() + ". Its key cannot leave this token.");
                    out.println(token.simulated() ? "This simulated card (--card sim) lived for this command only: its key"
                            + " is gone now. For a card that stays between commands: keybound card simulate, then --card pcsc."
                            : "Next: " + next());
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
            return new KeyEnrollment.Holder(BankSecret.CONTRACT_ID.readIdentifier(secrets), "");
        }

        @Override
        BankApi.IssuedCertificate request(BankClient client, KeyEnrollment.Holder holder, KeyEnrollment.NewKey key) {
            try (Secret i = BankSecret.CONTRACT_PIN.read(secrets);
                 Secret ro = BankSecret.CONFIRMATION_PIN.read(secrets)) {
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
            return new KeyEnrollment.Holder(BankSecret.CONTRACT_ID.readIdentifier(secrets), BankSecret.USER_ID.readIdentifier(secrets));
        }

        @Override
        BankApi.IssuedCertificate request(BankClient client, KeyEnrollment.Holder holder, KeyEnrollment.NewKey key) {
            try (Secret to = BankSecret.USER_PIN.read(secrets);
                 Secret chi = BankSecret.USER_CONFIRMATION_PIN.read(secrets)) {
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
