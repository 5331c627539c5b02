package keybound.cli.station;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import keybound.applet.Protocol;
import keybound.cli.CliException;
import keybound.cli.ExitCode;
import keybound.cli.Json;
import keybound.cli.Secrets;
import keybound.cli.token.ChosenToken;
import keybound.cli.token.TokenOptions;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BankClient;
import keybound.token.Credential;
import keybound.token.Secret;
import keybound.token.TokenSelector;
import keybound.token.TokenSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Re-keying: {@code renew} (a new key on the same token, near expiry) and {@code migrate} (a new
 * key on another token, the manual's 移行). The old key signs the new request, the holder's two
 * secrets confirm it, and the bank supersedes the old certificate; its key is then deleted.
 */
public final class RekeyCommands {

    private RekeyCommands() {
    }

    /** A card stores at most this many bytes of a key label; a re-keyed label fits it on any token. */
    private static final int MAX_LABEL_BYTES = Protocol.MAX_LABEL;
    private static final Pattern REKEY_SUFFIX = Pattern.compile("-\\d{5}$");

    /**
     * The new key's label: the old one with a fresh five-digit suffix in place of any earlier
     * re-key's, so that yearly renewals do not grow it, shortened to fit a card.
     */
    static String newLabel(String old, long now) {
        String base = REKEY_SUFFIX.matcher(old).replaceFirst("");
        String suffix = String.format(Locale.ROOT, "-%05d", now % 100000);
        if (suffix.equals(old.substring(base.length()))) {
            suffix = String.format(Locale.ROOT, "-%05d", (now + 1) % 100000);
        }
        while (base.getBytes(StandardCharsets.UTF_8).length + suffix.length() > MAX_LABEL_BYTES) {
            base = base.substring(0, base.offsetByCodePoints(base.length(), -1));
        }
        return base + suffix;
    }

    abstract static class Rekey implements Callable<Integer> {
        final Secrets secrets;
        @Mixin TokenOptions token;
        @Mixin BankOptions bank;
        @Option(names = "--key", paramLabel = "LABEL", description = "which certificate on the token (when there are several)")
        String keyLabel;
        @Option(names = "--admin", description = "the certificate is the administrator's (secrets イ + ロ; otherwise ト + チ)")
        boolean administrator;
        @Option(names = "--json", description = "print JSON for scripts")
        boolean json;
        @Spec CommandSpec spec;

        final Clock clock;

        Rekey(Secrets secrets, Clock clock) {
            this.secrets = secrets;
            this.clock = clock;
        }

        /** Runs the re-key with the old credential and the session the new key goes on. */
        Integer rekey(String kind, TokenSession oldSession, Credential old, TokenSession target) {
            var env = secrets.environment();
            BankClient client = BankClient.connect(bank.settings(env), Optional.empty());
            X509Certificate oldCertificate = old.certificate().orElseThrow();
            // checked before a key is made: a wrong --admin would send the other role's secrets and count as a failure
            KeyEnrollment.Holder holder = holder(client.holder(oldCertificate));
            String label = newLabel(old.key().label(), clock.millis());
            KeyEnrollment.Enrolled enrolled = KeyEnrollment.enroll(target, label, holder,
                    spec.commandLine().getErr(), key -> {
                        byte[] proof = Station.signer(oldSession, old.key()).sign(BankClient.renewalProofMessage(key.csr()));
                        try (Secret first = secrets.read(administrator ? "contract-pin" : "user-pin", administrator ? "イ" : "ト");
                             Secret second = secrets.read(administrator ? "confirmation-pin" : "user-confirmation-pin",
                                     administrator ? "ロ" : "チ")) {
                            return client.renew(new BankApi.Renewal(kind, BankClient.base64(oldCertificate), key.csrBase64(),
                                    BankClient.base64(proof), first, second, key.token(), key.attestation()));
                        }
                    });
            BankApi.IssuedCertificate issued = enrolled.issued();
            oldSession.delete(old.key()); // the old certificate is superseded; its key has no use left
            forgetSessionOf(oldCertificate, env);
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(Map.of("serial", issued.serial(), "commonName", issued.commonName(), "token",
                        target.token().serial(), "label", enrolled.key().label(), "retired", oldCertificate.getSerialNumber().toString(16))));
            } else {
                out.println("New certificate " + issued.serial() + " (CN = " + issued.commonName() + ") on "
                        + target.token().displayName() + " under key label " + enrolled.key().label()
                        + "; the old one is superseded and its key deleted."
                        + " Next: log on with the new certificate (keybound " + (administrator ? "admin" : "user") + " logon).");
            }
            return ExitCode.OK;
        }

        /** A saved logon session made with the old certificate cannot be used any more: forget it. */
        private static void forgetSessionOf(X509Certificate old, Map<String, String> env) {
            SessionFile sessions = SessionFile.of(env);
            if (sessions.load().filter(s -> s.certificateSha256().equals(CertificateLogon.fingerprint(old))).isPresent()) {
                sessions.delete();
            }
        }

        /**
         * Whose certificate this is, as the bank tells it: a card binds its attestation to it, and
         * it says whether イ + ロ or ト + チ confirm the re-key.
         */
        KeyEnrollment.Holder holder(BankApi.Account holder) {
            if (administrator != holder.administrator()) {
                throw new CliException(ExitCode.USAGE, administrator ? "This is a user's certificate: leave out --admin."
                        : "This is the administrator's certificate: add --admin.");
            }
            return new KeyEnrollment.Holder(holder.contractId(), holder.administrator() ? "" : holder.userId());
        }

        /** The certificate to re-key, as logon chooses it (the only one, or --key). */
        Credential chosen(TokenSession session) {
            return CertificateLogon.choose(session.credentials().stream().filter(c -> c.certificate().isPresent()).toList(),
                    keyLabel, null);
        }
    }

    @Command(name = "renew", mixinStandardHelpOptions = true,
            description = "Renew the certificate with a new key on the same token (opens certificate.renewal-lead-days, 30 by default, before expiry).")
    public static final class Renew extends Rekey {
        Renew(Secrets secrets, Clock clock) {
            super(secrets, clock);
        }

        @Override
        public Integer call() {
            try (ChosenToken chosen = token.open(); TokenSession session = chosen.logIn(secrets, "token-pin")) {
                return rekey("renewal", session, chosen(session), session);
            }
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = "Move to a new token (移行): a new key there, the old certificate retired.")
    public static final class Migrate extends Rekey {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Target to;
        @Option(names = "--to-module", paramLabel = "PATH", description = "with --to-token: the new token's PKCS#11 library"
                + " (default: the old one's, or --module when moving off a card)")
        Path toModule;

        /** The new token: a PKCS#11 token by label, or the one keybound card in a reader. */
        static final class Target {
            @Option(names = "--to-token", required = true, paramLabel = "LABEL", description = "the new token's label")
            String label;
            @Option(names = "--to-card", required = true, paramLabel = "sim|pcsc[:READER]",
                    description = "the new token is the keybound card in this reader (as --card); a card attests the new key")
            String card;
        }

        Migrate(Secrets secrets, Clock clock) {
            super(secrets, clock);
        }

        @Override
        public Integer call() {
            if (to.card != null && toModule != null) {
                throw new CliException(ExitCode.USAGE, "--to-module goes with --to-token, not --to-card.");
            }
            try (ChosenToken chosen = token.open(); TokenSession session = chosen.logIn(secrets, "token-pin");
                 ChosenToken target = target(chosen); TokenSession targetSession = target.logIn(secrets, "new-token-pin")) {
                return rekey("migration", session, chosen(session), targetSession);
            }
        }

        /**
         * The new token, in a module or readers of its own (closed with it), so the old token's stay open.
         * It must be another token than {@code old}: re-keying on the same one is {@code renew}.
         */
        private ChosenToken target(ChosenToken old) {
            ChosenToken target = to.card != null
                    ? ChosenToken.chosenIn(token.openCards(to.card), cards -> TokenOptions.onlyCard(cards, "card readers (" + to.card + ")",
                            () -> new CliException(ExitCode.TOKEN_ABSENT, "Several cards in " + to.card
                                    + ": present exactly one card to migrate to.")))
                    : ChosenToken.in(token.openModule(toModule != null ? toModule : token.modulePath()), TokenSelector.label(to.label));
            String serial = old.token().info().serial();
            if (target.token().info().serial().equals(serial)) {
                target.close();
                throw new CliException(ExitCode.USAGE, "The new token is the one the certificate is on (serial " + serial
                        + "): migrate to another token, or use keybound renew.");
            }
            return target;
        }
    }
}
