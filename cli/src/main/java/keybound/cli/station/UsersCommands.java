package keybound.cli.station;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import keybound.cli.ExitCode;
import keybound.cli.Json;
import keybound.cli.Secrets;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BankClient;
import keybound.token.Secret;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Manual I-3, contract management: the administrator's user operations, in the saved administrator session. */
@Command(name = "users", mixinStandardHelpOptions = true,
        description = "List, register, change (reset, suspend, resume), authorise (issue-cert) and revoke the contract's users.",
        subcommands = {UsersCommands.ListUsers.class, UsersCommands.Register.class, UsersCommands.Change.class,
                UsersCommands.IssueCert.class, UsersCommands.Revoke.class})
public final class UsersCommands {

    /** Runs one operation with the session's certificate presented again (the bank binds the session to it). */
    abstract static class InSession extends LogonCommands.Base {
        InSession(Secrets secrets) {
            super(secrets);
        }

        @Override
        public Integer call() {
            SessionFile.Saved saved = saved();
            try (CertificateLogon logon = CertificateLogon.open(token, bank, null, saved.certificateSha256(), secrets)) {
                run(logon.client(), saved.session());
            }
            return ExitCode.OK;
        }

        abstract void run(BankClient client, String session);

        Secret confirmationPin() {
            return secrets.read("confirmation-pin", "Contract confirmation PIN (ロ)");
        }

        /** Prints a user's initial ト and チ once (people: to hand over; --json: for scripts), then wipes them. */
        void handOver(BankApi.RegisteredUser secretsOfUser, String what) {
            try (secretsOfUser) {
                if (json) {
                    Json.println(out(), Map.of("userId", secretsOfUser.userId(), "userPin", secretsOfUser.userPin(),
                            "userConfirmationPin", secretsOfUser.userConfirmationPin()));
                    return;
                }
                var out = out();
                out.print("User " + secretsOfUser.userId() + " " + what + ". Hand over, once: ト ");
                secretsOfUser.userPin().useChars(out::print);
                out.print("  チ ");
                secretsOfUser.userConfirmationPin().useChars(out::println);
                out.println("Next: keybound admin users issue-cert " + secretsOfUser.userId() + ", then on the user's machine:"
                        + " keybound user acquire");
            }
        }
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
            try (Secret ro = confirmationPin()) {
                handOver(client.registerUser(session, user, ro), "registered");
            }
        }
    }

    @Command(name = "change", mixinStandardHelpOptions = true,
            description = {"Change user ニ (needs ロ): --reset gives new initial ト and チ (printed once), --suspend refuses the"
                    + " user's logon and acquisition until --resume."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:changed, or already so", "3:wrong ロ", "4:the user or the contract is locked (the bank unlocks)",
                    "7:no such user, or not logged on as the administrator (keybound admin logon)"})
    static final class Change extends InSession {
        @Parameters(paramLabel = "USER", description = "the user's ID (ニ)")
        String user;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Kind kind;

        /** Exactly one of the three changes. */
        static final class Kind {
            @Option(names = "--reset", required = true, description = "new initial ト and チ for the user (failure count cleared; a locked user needs the bank first)")
            boolean reset;
            @Option(names = "--suspend", required = true, description = "refuse the user's logon and acquisition")
            boolean suspend;
            @Option(names = "--resume", required = true, description = "lift a suspension")
            boolean resume;
        }

        Change(Secrets secrets) {
            super(secrets);
        }

        @Override
        void run(BankClient client, String session) {
            try (Secret ro = confirmationPin()) {
                if (kind.reset) {
                    handOver(client.resetUserSecrets(session, user, ro), "has new initial secrets");
                    return;
                }
                String change = kind.suspend ? "suspend" : "resume";
                boolean changed = kind.suspend ? client.suspendUser(session, user, ro)
                        : client.resumeUser(session, user, ro);
                String human;
                if (kind.suspend) {
                    human = changed ? "User " + user + " suspended: logon and acquisition are refused. Lift it with: keybound admin"
                            + " users change " + user + " --resume" : "User " + user + " was already suspended; nothing to do.";
                } else {
                    human = changed ? "User " + user + " resumed: the user may log on again." : "User " + user
                            + " was not suspended; nothing to do.";
                }
                report(Map.of("userId", user, "change", change, "changed", changed), human);
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

        private final Clock clock;

        IssueCert(Secrets secrets, Clock clock) {
            super(secrets);
            this.clock = clock;
        }

        @Override
        void run(BankClient client, String session) {
            try (Secret ro = confirmationPin()) {
                var until = Optional.ofNullable(days).map(d -> clock.instant().plus(Duration.ofDays(d)));
                BankApi.Authorisation done = client.authoriseUser(session, user, ro, until);
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
