package keybound.cli.station;

import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import keybound.cli.ExitCode;
import keybound.cli.Json;
import keybound.cli.Secrets;
import keybound.cli.token.TokenOptions;
import keybound.issuer.enrollment.Renewal;
import keybound.server.client.BankApi;
import keybound.server.client.BankClient;
import keybound.token.Credential;
import keybound.token.KeyRef;
import keybound.token.Pin;
import keybound.token.Token;
import keybound.token.TokenSelector;
import keybound.token.TokenSession;
import keybound.token.TokenSource;
import keybound.token.pkcs11.Pkcs11Module;
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

        Rekey(Secrets secrets) {
            this.secrets = secrets;
        }

        /** Runs the re-key with the old credential and the session the new key goes on. */
        Integer rekey(String kind, TokenSession oldSession, Credential old, TokenSession target) {
            var env = secrets.environment();
            BankClient client = BankClient.connect(bank.address(env), bank.caChain(env), Optional.empty());
            spec.commandLine().getErr().println("  ... generating the new key pair on " + target.token().displayName());
            KeyRef fresh = Station.newKey(target, old.key().label() + "-" + System.currentTimeMillis() % 100000);
            byte[] csr = Station.csr(target, fresh);
            byte[] proof = Station.signer(oldSession, old.key()).sign(Renewal.proofMessage(csr));
            BankApi.IssuedCertificate issued;
            try (Pin first = secrets.read(administrator ? "contract-pin" : "user-pin", administrator ? "イ" : "ト");
                 Pin second = secrets.read(administrator ? "confirmation-pin" : "user-confirmation-pin", administrator ? "ロ" : "チ")) {
                issued = client.renew(new BankApi.Renewal(kind, BankClient.base64(old.certificate().orElseThrow()),
                        Base64.getEncoder().encodeToString(csr), Base64.getEncoder().encodeToString(proof), first.chars(),
                        second.chars(), AcquireCommands.Acquire.describe(target.token()), null));
            } catch (RuntimeException e) {
                target.delete(fresh);
                throw e;
            }
            target.storeCertificate(fresh, BankClient.certificate(issued));
            oldSession.delete(old.key()); // the old certificate is superseded; its key has no use left
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(Map.of("serial", issued.serial(), "commonName", issued.commonName(),
                        "token", target.token().serial(), "retired", old.certificate().orElseThrow().getSerialNumber().toString(16))));
            } else {
                out.println("New certificate " + issued.serial() + " (CN = " + issued.commonName() + ") on "
                        + target.token().displayName() + "; the old one is superseded and its key deleted."
                        + " Next: log on with the new token.");
            }
            return ExitCode.OK;
        }

        Credential chosen(TokenSession session) {
            var withCertificates = session.credentials().stream().filter(c -> c.certificate().isPresent()).toList();
            if (keyLabel != null) {
                return withCertificates.stream().filter(c -> keyLabel.equals(c.key().label())).findFirst()
                        .orElseThrow(() -> new keybound.cli.CliException(ExitCode.USAGE, "No certificate with key label " + keyLabel + "."));
            }
            if (withCertificates.size() != 1) {
                throw new keybound.cli.CliException(ExitCode.USAGE, withCertificates.isEmpty() ? "This token holds no certificate."
                        : "This token holds several certificates: choose one with --key LABEL (see: keybound token info --credentials).");
            }
            return withCertificates.get(0);
        }

        TokenSession open(Token device, String secret) {
            try (Pin pin = secrets.read(secret, "PIN of token " + device.info().displayName())) {
                return device.open(pin);
            }
        }
    }

    @Command(name = "renew", mixinStandardHelpOptions = true,
            description = "Renew the certificate with a new key on the same token (opens 30 days before expiry).")
    public static final class Renew extends Rekey {
        Renew(Secrets secrets) {
            super(secrets);
        }

        @Override
        public Integer call() {
            try (TokenSource source = token.openSource(); Token device = source.token(token.selector(source));
                 TokenSession session = open(device, "token-pin")) {
                return rekey("renewal", session, chosen(session), session);
            }
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = "Move to a new token (移行): a new key there, the old certificate retired.")
    public static final class Migrate extends Rekey {
        @Option(names = "--to-token", required = true, paramLabel = "LABEL", description = "the new token's label")
        String toToken;
        @Option(names = "--to-module", paramLabel = "PATH", description = "the new token's PKCS#11 library (default: the old one's)")
        Path toModule;

        Migrate(Secrets secrets) {
            super(secrets);
        }

        @Override
        public Integer call() {
            try (TokenSource source = token.openSource(); Token device = source.token(token.selector(source));
                 TokenSession session = open(device, "token-pin");
                 TokenSource targetSource = toModule == null && !token.usesCard() ? null : Pkcs11Module.open(toModule != null ? toModule : token.modulePath());
                 Token target = (targetSource != null ? targetSource : source).token(TokenSelector.label(toToken));
                 TokenSession targetSession = open(target, "new-token-pin")) {
                return rekey("migration", session, chosen(session), targetSession);
            }
        }
    }
}
