package keybound.cli.station;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import keybound.cli.ExitCode;
import keybound.cli.Json;
import keybound.cli.Secrets;
import keybound.server.client.BankApi;
import keybound.server.client.BankClient;
import keybound.token.Pin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Manual I-3, contract management: the administrator's user operations, in the saved administrator session. */
@Command(name = "users", mixinStandardHelpOptions = true, description = "List, register, authorise (issue-cert) and revoke the contract's users.",
        subcommands = {UsersCommands.ListUsers.class, UsersCommands.Register.class, UsersCommands.IssueCert.class,
                UsersCommands.Revoke.class})
public final class UsersCommands {

    /** Runs one operation with the session's certificate presented again (the bank binds the session to it). */
    abstract static class InSession extends LogonCommands.Base {
        InSession(Secrets secrets) {
            super(secrets);
        }

        @Override
        public Integer call() {
            SessionFile.Saved saved = saved();
            try (CertificateLogon logon = CertificateLogon.open(token, bank, null, saved.certificateSha256(), secrets, out())) {
                run(logon.client(), saved.session());
            }
            return ExitCode.OK;
        }

        abstract void run(BankClient client, String session);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The contract's users and their state.")
    static final class ListUsers extends InSession {
        ListUsers(Secrets secrets) {
            super(secrets);
        }

        @Override
        void run(BankClient client, String session) {
            var users = client.users(session);
            if (json) {
                out().println(Json.write(users));
                return;
            }
            if (users.isEmpty()) {
                out().println("No users yet. Register one: keybound admin users register USER");
            }
            users.forEach(u -> out().printf("%-8s %-10s failures %d%s%n", u.userId(), u.status(), u.failures(),
                    u.authorisationExpiresAt() == null ? "" : "  may acquire until " + Instant.ofEpochSecond(u.authorisationExpiresAt())));
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Register user ニ (needs ロ); prints the user's initial ト and チ once.")
    static final class Register extends InSession {
        @Parameters(paramLabel = "USER", description = "the new user's ID (ニ)")
        String user;

        Register(Secrets secrets) {
            super(secrets);
        }

        @Override
        void run(BankClient client, String session) {
            try (Pin ro = secrets.read("confirmation-pin", "Contract confirmation PIN (ロ)")) {
                BankApi.RegisteredUser registered = client.registerUser(session, user, ro.chars());
                try {
                    report(Map.of("userId", registered.userId(), "userPin", new String(registered.userPin()),
                                    "userConfirmationPin", new String(registered.userConfirmationPin())),
                            "User " + registered.userId() + " registered. Hand over, once: ト " + new String(registered.userPin())
                                    + "  チ " + new String(registered.userConfirmationPin())
                                    + "\nNext: keybound admin users issue-cert " + registered.userId());
                } finally {
                    java.util.Arrays.fill(registered.userPin(), '\0');
                    java.util.Arrays.fill(registered.userConfirmationPin(), '\0');
                }
            }
        }
    }

    @Command(name = "issue-cert", mixinStandardHelpOptions = true,
            description = "Issue user ニ a certificate authorisation (needs ロ): the user may then acquire (II-1).")
    static final class IssueCert extends InSession {
        @Parameters(paramLabel = "USER", description = "the user's ID (ニ)")
        String user;
        @Option(names = "--days", description = "how long the user may acquire (default: the bank's maximum)")
        Integer days;

        IssueCert(Secrets secrets) {
            super(secrets);
        }

        @Override
        void run(BankClient client, String session) {
            try (Pin ro = secrets.read("confirmation-pin", "Contract confirmation PIN (ロ)")) {
                var until = Optional.ofNullable(days).map(d -> Instant.now().plus(Duration.ofDays(d)));
                BankApi.Authorisation done = client.authoriseUser(session, user, ro.chars(), until);
                report(Map.of("userId", done.userId(), "expiresAt", done.expiresAt()),
                        "User " + done.userId() + " may acquire a certificate until " + Instant.ofEpochSecond(done.expiresAt())
                                + ". On their machine: keybound user acquire");
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke user ニ's certificate(s).")
    static final class Revoke extends InSession {
        @Parameters(paramLabel = "USER", description = "the user's ID (ニ)")
        String user;

        Revoke(Secrets secrets) {
            super(secrets);
        }

        @Override
        void run(BankClient client, String session) {
            var serials = client.revokeUser(session, user);
            report(Map.of("userId", user, "revoked", serials), serials.isEmpty() ? "User " + user + " had no current certificate."
                    : "Revoked " + String.join(", ", serials) + ". The user can no longer log on with it.");
        }
    }
}
