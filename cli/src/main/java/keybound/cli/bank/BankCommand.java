package keybound.cli.bank;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import keybound.cli.CliException;
import keybound.cli.ExitCode;
import keybound.cli.Json;
import keybound.cli.Secrets;
import keybound.credentials.VerifierUnavailableException;
import keybound.issuer.Resealing;
import keybound.issuer.UnlockOutcome;
import keybound.issuer.audit.AuditVerification;
import keybound.issuer.audit.AuditVerifier;
import keybound.issuer.ca.RevocationReason;
import keybound.issuer.contract.Bank;
import keybound.issuer.contract.BankCode;
import keybound.issuer.contract.CardCell;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.CustomerCard;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.contract.UserId;
import keybound.issuer.policy.AttestationPolicy;
import keybound.server.issuer.OperatorKeys;
import keybound.server.wiring.BankAssembly;
import keybound.server.wiring.CaCreation;
import keybound.server.wiring.ServerCertificate;
import keybound.token.Secret;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code keybound bank ...}: the bank operator's back office, over the issuer library directly. */
@Command(name = "bank", mixinStandardHelpOptions = true,
        description = "Back office on the bank's machine: create the CA, register a bank, open contracts, unlock, revoke, publish the CRL.",
        subcommands = {BankCommand.CreateCa.class, BankCommand.RegisterBank.class, BankCommand.OpenContract.class,
                BankCommand.Unlock.class, BankCommand.Revoke.class, BankCommand.Crl.class, BankCommand.Certificates.class,
                BankCommand.ServerCert.class, BankCommand.OperatorKey.class, BankCommand.AuditCheck.class,
                BankCommand.Verifiers.class, BankCommand.Reseal.class, SharedConfigCommand.class})
public final class BankCommand {

    /** What every bank subcommand shares: the configuration file and machine-readable output. */
    public static final class Options {
        @Option(names = "--config", paramLabel = "FILE", description = "bank configuration (default: $KEYBOUND_CONFIG)")
        Path config;

        @Option(names = "--json", description = "print JSON for scripts")
        boolean json;

        BankAssembly open(Secrets secrets, Clock clock) {
            return BankConfig.load(config, secrets.environment()).assemble(secrets, clock);
        }
    }

    abstract static class Base implements Callable<Integer> {
        final Secrets secrets;
        final Clock clock;
        @Mixin Options options;
        @Spec CommandSpec spec;

        Base(Secrets secrets, Clock clock) {
            this.secrets = secrets;
            this.clock = clock;
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        /** Prints {@code fields} as JSON, or the human line. */
        void report(Map<String, ?> fields, String human) {
            out().println(options.json ? Json.write(fields) : human);
        }

        @Override
        public Integer call() {
            try (BankAssembly bank = options.open(secrets, clock)) {
                run(bank);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCode.USAGE, e.getMessage() + ".");
            }
            return ExitCode.OK;
        }

        abstract void run(BankAssembly bank);
    }

    @Command(name = "create-ca", mixinStandardHelpOptions = true,
            description = "Create the bank's root and issuing CA keys on the CA token (PIN from KEYBOUND_CA_PIN or the console).")
    static final class CreateCa extends Base {
        @Option(names = "--name", defaultValue = "keybound Shinkin Bank", description = "organisation name in the CA certificates")
        String name;

        CreateCa(Secrets secrets, Clock clock) {
            super(secrets, clock);
        }

        @Override
        void run(BankAssembly bank) {
            if (CaCreation.exists(bank.caCertificates())) {
                throw new CliException(ExitCode.REFUSED, "A CA already exists (" + bank.caCertificates()
                        + "); the bank keeps one CA. Move the data directory away to start over.");
            }
            bank.caSession(); // the PIN is asked before any progress is shown
            progress("generating the root and issuing CA keys (EC P-256) on the CA token (issuing key label "
                    + bank.issuingKeyLabel() + ")");
            CaCreation.Created created = bank.createCa(name);
            progress("preparing the registry database");
            bank.database();
            report(Map.of("root", created.root().getSubjectX500Principal().getName(),
                    "issuing", created.issuing().getSubjectX500Principal().getName(),
                    "certificates", bank.caCertificates().toString()),
                    "CA created: " + created.issuing().getSubjectX500Principal() + " under "
                            + created.root().getSubjectX500Principal() + ".\nCertificates written to " + bank.caCertificates()
                            + ". Next: keybound bank register-bank CODE NAME");
        }

        private void progress(String step) {
            spec.commandLine().getErr().println("  ... " + step);
        }
    }

    @Command(name = "register-bank", mixinStandardHelpOptions = true, description = "Register a bank by its 4-digit bank code.")
    static final class RegisterBank extends Base {
        @Parameters(index = "0", paramLabel = "CODE", description = "the 4-digit bank code")
        String code;
        @Parameters(index = "1", paramLabel = "NAME", description = "the bank's name")
        String name;
        @Option(names = "--attestation", defaultValue = "preferred", description = "none, preferred or required (card key attestation)")
        String attestation;

        RegisterBank(Secrets secrets, Clock clock) {
            super(secrets, clock);
        }

        @Override
        void run(BankAssembly bank) {
            var policy = AttestationPolicy.valueOf(attestation.toUpperCase(Locale.ROOT));
            bank.backOffice().registerBank(new Bank(new BankCode(code), name, policy));
            report(Map.of("bankCode", code, "name", name, "attestation", policy.name()),
                    "Bank " + code + " (" + name + ") registered. Next: keybound bank open-contract --bank " + code);
        }
    }

    @Command(name = "open-contract", mixinStandardHelpOptions = true,
            description = "Open a customer's contract: prints A, the initial secrets B, イ, ロ and the customer card ONCE.")
    static final class OpenContract extends Base {
        @Option(names = "--bank", required = true, paramLabel = "CODE", description = "the bank code")
        String code;

        OpenContract(Secrets secrets, Clock clock) {
            super(secrets, clock);
        }

        @Override
        void run(BankAssembly bank) {
            OpenedContract opened = bank.backOffice().openContract(new BankCode(code));
            try (var b = opened.confirmationPassword(); var i = opened.contractPin(); var ro = opened.confirmationPin();
                 CustomerCard card = opened.card()) {
                if (options.json) {
                    Map<String, Object> fields = new LinkedHashMap<>();
                    fields.put("contractId", opened.contractId().value());
                    fields.put("confirmationPassword", b);
                    fields.put("contractPin", i);
                    fields.put("confirmationPin", ro);
                    fields.put("card", rows(card));
                    fields.put("acquisitionClosesAt", opened.acquisitionClosesAt().toString());
                    Json.println(out(), fields);
                    return;
                }
                var out = out();
                out.println("Contract opened. Hand these to the customer now; they are not shown again.");
                out.println("  A  contract ID (利用者番号)              " + opened.contractId().value());
                out.print("  B  confirmation password (確認用パスワード) ");
                b.useChars(out::println);
                out.print("  イ contract PIN (ご契約先暗証番号)        ");
                i.useChars(out::println);
                out.print("  ロ confirmation PIN (ご契約先確認暗証番号) ");
                ro.useChars(out::println);
                out.println("  customer card (お客様カード):");
                printCard(out, card);
                out.println("The administrator can acquire a certificate until " + opened.acquisitionClosesAt()
                        + ": keybound admin acquire");
            }
        }

        private static List<String> rows(CustomerCard card) {
            var rows = new ArrayList<String>();
            for (int r = 0; r < card.rows(); r++) {
                var row = new StringBuilder();
                for (int c = 0; c < card.columns(); c++) {
                    row.append(c == 0 ? "" : " ").append(card.cell(new CardCell(r, c)));
                }
                rows.add(row.toString());
            }
            return rows;
        }

        private static void printCard(PrintWriter out, CustomerCard card) {
            var header = new StringBuilder("       ");
            for (int c = 0; c < card.columns(); c++) {
                header.append(' ').append((char) ('A' + c)).append(' ');
            }
            out.println(header);
            List<String> rows = rows(card);
            for (int r = 0; r < rows.size(); r++) {
                out.printf("    %2d  %s%n", r + 1, rows.get(r));
            }
        }
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true, description = "Clear the lockout of a contract, or of one of its users.")
    static final class Unlock extends Base {
        @Parameters(paramLabel = "CONTRACT", description = "the contract ID (A)")
        String contract;
        @Option(names = "--user", paramLabel = "USER", description = "unlock this user (ニ) instead of the contract")
        String user;

        Unlock(Secrets secrets, Clock clock) {
            super(secrets, clock);
        }

        @Override
        void run(BankAssembly bank) {
            UnlockOutcome outcome = user == null ? bank.backOffice().unlockContract(new ContractId(contract))
                    : bank.backOffice().unlockUser(new ContractId(contract), new UserId(user));
            String who = user == null ? "contract " + contract : "user " + user + " of contract " + contract;
            String human = switch (outcome) {
                case UNLOCKED -> "Unlocked " + who + ". The customer can log on again.";
                case NOT_LOCKED -> who + " was not locked; nothing to do.";
                case UNKNOWN -> throw new CliException(ExitCode.REFUSED, "There is no " + who
                        + ". Check the IDs: keybound bank certificates " + contract + " lists the contract's holders.");
            };
            report(Map.of("unlocked", outcome == UnlockOutcome.UNLOCKED, "account", who), human);
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a certificate by its serial number (hex).")
    static final class Revoke extends Base {
        @Parameters(paramLabel = "SERIAL", description = "the certificate's serial number, hex")
        String serial;
        @Option(names = "--reason", defaultValue = "unspecified",
                description = "unspecified, key-compromise, affiliation-changed, superseded, cessation-of-operation, privilege-withdrawn")
        String reason;

        Revoke(Secrets secrets, Clock clock) {
            super(secrets, clock);
        }

        @Override
        void run(BankAssembly bank) {
            var why = RevocationReason.valueOf(reason.toUpperCase(Locale.ROOT).replace('-', '_'));
            boolean done = bank.issuer().revocations().revoke(serial.toLowerCase(Locale.ROOT), why);
            if (!done) {
                throw new CliException(ExitCode.REFUSED, "No current certificate with serial " + serial
                        + " (unknown or already revoked). List them with: keybound bank certificates CONTRACT");
            }
            report(Map.of("revoked", serial, "reason", why.name()),
                    "Revoked " + serial + " (" + why.name().toLowerCase(Locale.ROOT) + "). Publish it: keybound bank crl --out FILE");
        }
    }

    @Command(name = "crl", mixinStandardHelpOptions = true, description = "Sign and write the current CRL (PEM).")
    static final class Crl extends Base {
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "where to write the CRL")
        Path file;

        Crl(Secrets secrets, Clock clock) {
            super(secrets, clock);
        }

        @Override
        void run(BankAssembly bank) {
            var crl = bank.issuer().revocations().crl();
            try {
                Files.writeString(file, CaCreation.pem(List.of(crl)));
            } catch (IOException e) {
                throw new CliException(ExitCode.FAILURE, "Cannot write " + file + ".");
            }
            int count = crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size();
            report(Map.of("file", file.toString(), "revoked", count, "nextUpdate", crl.getNextUpdate().toInstant().toString()),
                    "CRL with " + count + " revoked certificate(s) written to " + file + "; next update due "
                            + crl.getNextUpdate().toInstant() + ".");
        }
    }

    @Command(name = "certificates", mixinStandardHelpOptions = true, description = "List a contract's certificates and their states.")
    static final class Certificates extends Base {
        @Parameters(paramLabel = "CONTRACT", description = "the contract ID (A)")
        String contract;

        Certificates(Secrets secrets, Clock clock) {
            super(secrets, clock);
        }

        @Override
        void run(BankAssembly bank) {
            var registry = bank.registry(); // read-only: no CA PIN asked
            var list = new ArrayList<Map<String, Object>>();
            for (var record : registry.certificates(new ContractId(contract))) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("serial", record.serial());
                row.put("commonName", record.commonName());
                row.put("role", record.role().name());
                row.put("user", record.user().map(UserId::value).orElse(""));
                row.put("state", registry.state(record.certificate()).name());
                list.add(row);
            }
            if (options.json) {
                out().println(Json.write(list));
                return;
            }
            out().printf("%-40s %-16s %-14s %-6s %s%n", "serial", "CN", "role", "user", "state");
            list.forEach(r -> out().printf("%-40s %-16s %-14s %-6s %s%n", r.get("serial"), r.get("commonName"), r.get("role"),
                    r.get("user"), r.get("state")));
        }
    }

    @Command(name = "verifiers", mixinStandardHelpOptions = true,
            description = "Count the stored secret verifiers, and the configured operator key verifiers, by version "
                    + "(verifier key label, or argon2id from before token keys).")
    static final class Verifiers extends Base {

        Verifiers(Secrets secrets, Clock clock) {
            super(secrets, clock);
        }

        @Override
        void run(BankAssembly bank) {
            Map<String, Long> versions = bank.backOffice().verifierVersions();
            Map<String, Long> operators = bank.operatorVerifierVersions();
            if (options.json) {
                Map<String, Object> both = new LinkedHashMap<>();
                both.put("secrets", versions);
                both.put("operatorKeys", operators);
                out().println(Json.write(both));
                return;
            }
            if (versions.isEmpty()) {
                out().println("No secret verifiers stored yet.");
            } else {
                out().printf("%-32s %s%n", "version", "verifiers");
                versions.forEach((version, count) -> out().printf("%-32s %d%n", version, count));
            }
            if (operators.isEmpty()) {
                out().println("No operator key verifiers configured (the back office is closed).");
            } else {
                out().printf("%-32s %s%n", "operator key version", "verifiers");
                operators.forEach((version, count) -> out().printf("%-32s %d%n", version, count));
            }
        }
    }

    @Command(name = "reseal", mixinStandardHelpOptions = true,
            description = "Seal every customer card and TOTP seed still under an older sealing key (env: "
                    + "KEYBOUND_CARD_SEALING_KEY, which must then be set) again under the sealing key on the CA token, "
                    + "and count them by key. After this the environment's key is no longer needed.")
    static final class Reseal extends Base {

        Reseal(Secrets secrets, Clock clock) {
            super(secrets, clock);
        }

        @Override
        void run(BankAssembly bank) {
            Resealing resealing = bank.backOffice().resealing();
            int moved;
            try {
                moved = resealing.all();
            } catch (VerifierUnavailableException e) {
                throw new CliException(ExitCode.CONFIG, e.getMessage() + ".");
            }
            Map<String, Long> versions = resealing.versions();
            if (options.json) {
                out().println(Json.write(Map.of("resealed", moved, "versions", versions)));
                return;
            }
            out().println("Sealed again under the current key: " + moved + ".");
            out().printf("%-32s %s%n", "sealing key", "sealed values");
            versions.forEach((version, count) -> out().printf("%-32s %d%n", version, count));
        }
    }

    @Command(name = "server-cert", mixinStandardHelpOptions = true,
            description = "Issue the bank server's TLS certificate from the CA; write its key store and the CA trust store "
                    + "(password from KEYBOUND_TLS_KEYSTORE_PASSWORD or the console).")
    static final class ServerCert extends Base {
        @Option(names = "--host", defaultValue = "127.0.0.1", description = "the name or address clients connect to")
        String host;
        @Option(names = "--keystore", required = true, paramLabel = "FILE", description = "PKCS#12 file for the server key")
        Path keystore;
        @Option(names = "--truststore", required = true, paramLabel = "FILE", description = "PKCS#12 file with the CA chain")
        Path truststore;

        /** About 13 months, the longest server certificate browsers accept; never past the issuing CA's end. */
        private static final Duration VALIDITY = Duration.ofDays(397);

        ServerCert(Secrets secrets, Clock clock) {
            super(secrets, clock);
        }

        @Override
        void run(BankAssembly bank) {
            var ca = bank.certificateAuthority();
            X509Certificate issued;
            try (var password = secrets.read("tls-keystore-password", "Key store password")) {
                issued = password.withChars(chars -> {
                    X509Certificate certificate = ServerCertificate.writeKeyStore(keystore, chars, ca, List.of(host), clock.instant(),
                            VALIDITY);
                    ServerCertificate.writeTrustStore(truststore, chars, ca.chain());
                    return certificate;
                });
            }
            report(Map.of("subject", issued.getSubjectX500Principal().getName(), "keystore", keystore.toString(),
                    "truststore", truststore.toString()),
                    "Server certificate for " + host + " written to " + keystore + " (CA trust store " + truststore + ").\n"
                            + "Next: set tls.keystore.path and tls.truststore.path in the configuration, the passwords in "
                            + "KEYBOUND_TLS_KEYSTORE_PASSWORD / KEYBOUND_TLS_TRUSTSTORE_PASSWORD, then: keybound server");
        }
    }

    @Command(name = "operator-key", mixinStandardHelpOptions = true,
            description = "Make a back-office operator key: prints the key ONCE (give it to the operator) and its verifier "
                    + "to add to backoffice.operator-key-hashes, an HMAC under the verifier key on the CA token "
                    + "(PIN from KEYBOUND_CA_PIN or the console); Argon2id with a development CA.")
    static final class OperatorKey extends Base {
        OperatorKey(Secrets secrets, Clock clock) {
            super(secrets, clock);
        }

        @Override
        void run(BankAssembly bank) {
            try (Secret key = OperatorKeys.generate()) {
                String verifier = bank.operatorKeyVerifier(key);
                if (options.json) {
                    Json.println(out(), Map.of("operatorKey", key, "hash", verifier));
                } else {
                    out().print("operator key (shown once): ");
                    key.useChars(out()::println);
                    out().println("backoffice.operator-key-hashes=" + verifier);
                }
            }
        }
    }

    @Command(name = "audit-check", mixinStandardHelpOptions = true,
            description = "Verify the registry's audit chain; names the first broken entry (exit code 1).")
    static final class AuditCheck extends Base {
        AuditCheck(Secrets secrets, Clock clock) {
            super(secrets, clock);
        }

        @Override
        void run(BankAssembly bank) {
            AuditVerification result = new AuditVerifier(bank.database()).verify();
            if (!result.intact()) {
                throw new CliException(ExitCode.FAILURE, "The audit chain is broken at entry " + result.firstBrokenSeq().orElseThrow()
                        + ": " + result.problem().orElse("") + " (" + result.entriesChecked() + " entries before it hold)."
                        + " Keep the database as it is and compare it with a backup");
            }
            report(Map.of("intact", true, "entries", result.entriesChecked()),
                    "Audit chain intact: " + result.entriesChecked() + " entries.");
        }
    }
}
