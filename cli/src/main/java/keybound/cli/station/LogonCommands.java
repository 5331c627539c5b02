package keybound.cli.station;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import keybound.cli.CliException;
import keybound.cli.ExitCode;
import keybound.cli.Json;
import keybound.cli.Secrets;
import keybound.cli.token.TokenOptions;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BankClient;
import keybound.token.Secret;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Certificate logon (manual I-3 steps 1–6, II-2), the session page, and logoff. */
public final class LogonCommands {

    private LogonCommands() {
    }

    /** What every logon-related command shares. */
    abstract static class Base implements Callable<Integer> {
        final Secrets secrets;
        @Mixin TokenOptions token;
        @Mixin BankOptions bank;
        @Option(names = "--json", description = "print JSON for scripts")
        boolean json;
        @Spec CommandSpec spec;

        Base(Secrets secrets) {
            this.secrets = secrets;
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        SessionFile sessions() {
            return SessionFile.of(secrets.environment());
        }

        SessionFile.Saved saved() {
            return sessions().load().orElseThrow(() -> new CliException(ExitCode.REFUSED,
                    "Not logged on. Log on first: keybound admin logon, or keybound user logon."));
        }

        void report(Map<String, ?> fields, String human) {
            out().println(json ? Json.write(fields) : human);
        }
    }

    /** Logs on with the token's certificate, then the second step for the administrator or the user. */
    abstract static class Logon extends Base {
        @Option(names = "--key", paramLabel = "LABEL", description = "which certificate on the token (listed when there are several)")
        String keyLabel;

        Logon(Secrets secrets) {
            super(secrets);
        }

        @Override
        public Integer call() {
            try (CertificateLogon logon = CertificateLogon.open(token, bank, keyLabel, null, secrets)) {
                BankApi.Session session = logOn(logon.client());
                String holder = session.account().describe();
                sessions().save(new SessionFile.Saved(logon.bank().toString(), session.session(),
                        CertificateLogon.fingerprint(logon.certificate()), holder));
                report(Map.of("holder", holder, "method", session.method(), "idleTimeoutSeconds", session.idleTimeoutSeconds()),
                        "Logged on: " + holder + ". Next: keybound status" + next());
            }
            return ExitCode.OK;
        }

        abstract BankApi.Session logOn(BankClient client);

        abstract String next();
    }

    @Command(name = "logon", mixinStandardHelpOptions = true,
            description = "Administrator logon (I-3): the token's certificate and PIN, then イ and the customer-card cells asked for.")
    public static final class AdminLogon extends Logon {
        @Option(names = "--card-file", paramLabel = "FILE", description = "for scripts: take the customer-card cells asked for"
                + " from FILE, the whole card as keybound bank open-contract prints it (mode 0600, else refused)")
        Path cardFile;

        AdminLogon(Secrets secrets) {
            super(secrets);
        }

        @Override
        BankApi.Session logOn(BankClient client) {
            BankApi.SecondStep step = client.logonWithCertificate();
            if (step.cardCells() == null || step.cardCells().isEmpty()) {
                throw new CliException(ExitCode.USAGE, "This is a user's certificate: log on with keybound user logon.");
            }
            try (Secret contractPin = BankSecret.CONTRACT_PIN.read(secrets)) {
                List<Secret> cells = new ArrayList<>();
                Map<String, Secret> card = cardFile == null ? Map.of() : CustomerCardFile.read(cardFile);
                try {
                    for (String cell : step.cardCells()) {
                        cells.add(cardFile == null ? BankSecret.cardCell(secrets, cell) : cellOf(card, cell));
                    }
                    try (Secret digits = Secret.concat(cells)) {
                        return client.completeWithCard(step.attempt(), contractPin, digits);
                    }
                } finally {
                    cells.forEach(Secret::close);
                    card.values().forEach(Secret::close);
                }
            }
        }

        private Secret cellOf(Map<String, Secret> card, String cell) {
            Secret digits = card.get(cell);
            if (digits == null) {
                throw new CliException(ExitCode.USAGE, "The bank asks for cell " + cell + ", which the customer card file "
                        + cardFile + " does not have: is it this contract's card?");
            }
            return digits.copy();
        }

        @Override
        String next() {
            return ", keybound admin logoff.";
        }
    }

    @Command(name = "logon", mixinStandardHelpOptions = true,
            description = "User logon (II-2): the token's certificate and PIN, and ト, in one request.")
    public static final class UserLogon extends Logon {
        UserLogon(Secrets secrets) {
            super(secrets);
        }

        /** One request (certificate and ト together); the bank refuses the administrator's certificate with not-a-user-certificate. */
        @Override
        BankApi.Session logOn(BankClient client) {
            try (Secret userPin = BankSecret.USER_PIN.read(secrets)) {
                return client.logonAsUser(userPin);
            }
        }

        @Override
        String next() {
            return ", keybound user logoff.";
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "The session's status page: who is logged on and until when (needs the same token).")
    public static final class Status extends Base {
        Status(Secrets secrets) {
            super(secrets);
        }

        @Override
        public Integer call() {
            SessionFile.Saved saved = saved();
            try (CertificateLogon logon = CertificateLogon.open(token, bank, null, saved.certificateSha256(), secrets)) {
                BankApi.Session session = logon.client().session(saved.session());
                String holder = session.account().describe();
                report(Map.of("holder", holder, "method", session.method(), "absoluteExpiresAt", session.absoluteExpiresAt()),
                        "Logged on: " + holder + " by " + session.method() + "; the session ends at the latest at "
                                + Instant.ofEpochSecond(session.absoluteExpiresAt()) + ".");
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "logoff", mixinStandardHelpOptions = true, description = "End the session at the bank and forget it here.")
    public static final class Logoff extends Base {
        Logoff(Secrets secrets) {
            super(secrets);
        }

        @Override
        public Integer call() {
            SessionFile.Saved saved = saved();
            try (CertificateLogon logon = CertificateLogon.open(token, bank, null, saved.certificateSha256(), secrets)) {
                logon.client().logoff(saved.session());
            }
            sessions().delete();
            report(Map.of("loggedOff", saved.holder()), "Logged off (" + saved.holder() + ").");
            return ExitCode.OK;
        }
    }

    @Command(name = "admin", mixinStandardHelpOptions = true, description = "The contract's administrator (manual I-2, I-3).",
            subcommands = {AcquireCommands.Administrator.class, AdminLogon.class, UsersCommands.class, Logoff.class})
    public static final class Admin {
    }

    @Command(name = "user", mixinStandardHelpOptions = true, description = "A registered user (manual II-1, II-2).",
            subcommands = {AcquireCommands.User.class, UserLogon.class, Logoff.class})
    public static final class User {
    }
}
