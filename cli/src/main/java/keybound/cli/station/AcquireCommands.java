package keybound.cli.station;

import java.io.PrintWriter;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import keybound.cli.ExitCode;
import keybound.cli.Json;
import keybound.cli.Secrets;
import keybound.cli.token.TokenOptions;
import keybound.server.client.BankApi;
import keybound.server.client.BankClient;
import keybound.token.KeyRef;
import keybound.token.Pin;
import keybound.token.TokenInfo;
import keybound.token.TokenSession;
import keybound.token.TokenSource;
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
            BankClient client = BankClient.connect(bank.address(env), bank.caChain(env), Optional.empty());
            PrintWriter out = spec.commandLine().getOut();
            try (TokenSource source = token.openSource(); var device = source.token(token.selector(source));
                 TokenSession session = open(device)) {
                if (session.find(keybound.token.CredentialQuery.label(label)).isPresent()) {
                    throw new keybound.cli.CliException(ExitCode.USAGE, "A key labelled " + label + " is already on this token;"
                            + " choose another with --label, or log on with the certificate it has.");
                }
                spec.commandLine().getErr().println("  ... generating an EC P-256 key pair on " + device.info().displayName());
                KeyRef key = Station.newKey(session, label);
                BankApi.IssuedCertificate issued;
                try {
                    issued = request(client, Base64.getEncoder().encodeToString(Station.csr(session, key)), describe(device.info()));
                } catch (RuntimeException e) {
                    session.delete(key); // nothing issued: leave no orphan key behind
                    throw e;
                }
                session.storeCertificate(key, BankClient.certificate(issued));
                if (json) {
                    out.println(Json.write(Map.of("serial", issued.serial(), "commonName", issued.commonName(),
                            "token", device.info().serial(), "notAfter", issued.notAfter())));
                } else {
                    out.println("Certificate issued and stored on " + device.info().displayName() + ": CN = " + issued.commonName()
                            + ", serial " + issued.serial() + ". Its key cannot leave this token.");
                    out.println("Next: " + next());
                }
            }
            return ExitCode.OK;
        }

        private TokenSession open(keybound.token.Token device) {
            try (Pin pin = secrets.read("token-pin", "PIN of token " + device.info().displayName())) {
                return device.open(pin);
            }
        }

        static BankApi.TokenDescription describe(TokenInfo info) {
            return new BankApi.TokenDescription(info.kind().name(), info.model(), info.serial());
        }

        abstract BankApi.IssuedCertificate request(BankClient client, String csr, BankApi.TokenDescription token);

        abstract String next();
    }

    @Command(name = "acquire", mixinStandardHelpOptions = true,
            description = "I-2: acquire the administrator certificate with A, イ and ロ, its key generated on the token.")
    public static final class Administrator extends Acquire {
        Administrator(Secrets secrets) {
            super(secrets);
        }

        @Override
        BankApi.IssuedCertificate request(BankClient client, String csr, BankApi.TokenDescription token) {
            try (Pin a = secrets.read("contract-id", "Contract ID (A, 利用者番号)");
                 Pin i = secrets.read("contract-pin", "Contract PIN (イ, ご契約先暗証番号)");
                 Pin ro = secrets.read("confirmation-pin", "Contract confirmation PIN (ロ, ご契約先確認暗証番号)")) {
                return client.acquireAdministrator(new BankApi.AdministratorAcquisition(new String(a.chars()), i.chars(), ro.chars(),
                        csr, token, null));
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
        BankApi.IssuedCertificate request(BankClient client, String csr, BankApi.TokenDescription token) {
            try (Pin a = secrets.read("contract-id", "Contract ID (A, 利用者番号)");
                 Pin ni = secrets.read("user-id", "User ID (ニ, 利用者ID)");
                 Pin to = secrets.read("user-pin", "User PIN (ト, 利用者暗証番号)");
                 Pin chi = secrets.read("user-confirmation-pin", "User confirmation PIN (チ, 利用者確認暗証番号)")) {
                return client.acquireUser(new BankApi.UserAcquisition(new String(a.chars()), new String(ni.chars()), to.chars(),
                        chi.chars(), csr, token, null));
            }
        }

        @Override
        String next() {
            return "keybound user logon";
        }
    }
}
