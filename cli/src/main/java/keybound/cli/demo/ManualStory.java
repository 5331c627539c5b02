package keybound.cli.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BankApiException;
import keybound.bankapi.client.BankClient;
import keybound.bankapi.client.BankSettings;
import keybound.cardsim.ManufacturerCa;
import keybound.cardsim.SimulatedCard;
import keybound.cli.card.SimulatedCardReader;
import keybound.cli.station.KeyEnrollment;
import keybound.cli.station.Station;
import keybound.issuer.Issuer;
import keybound.issuer.contract.Bank;
import keybound.issuer.contract.BankCode;
import keybound.issuer.contract.CardCell;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.contract.UserId;
import keybound.issuer.policy.AttestationPolicy;
import keybound.issuer.policy.AttestationResult.Outcome;
import keybound.issuer.store.CertificateRecord;
import keybound.server.wiring.CaCreation;
import keybound.token.KeyRef;
import keybound.token.Secret;
import keybound.token.Token;
import keybound.token.TokenSelector;
import keybound.token.TokenSession;
import keybound.token.card.CardTokenSource;
import keybound.token.pkcs11.Pkcs11Module;

/**
 * The manual's story, end to end, each step printed with the manual's step number: the bank
 * (in-process, real HTTPS on loopback) opens a contract; everything after goes over HTTPS through BankClient; the administrator acquires on SoftHSM
 * token 1 and logs on with the customer card; two users are registered and authorised; user 1
 * acquires on token 2, user 2 on a Java Card; both log on; a copied certificate without its key
 * is refused; user 1 migrates to token 3 and the old certificate is refused.
 */
final class ManualStory {

    private static final BankCode BANK = new BankCode("1234");

    /** A registered user's ID and initial secrets, as the administrator hands them over. */
    private record DemoUser(String id, Secret userPin, Secret confirmationPin) {
    }
    private static final String TOKEN_PIN = "1234";

    private final PrintWriter out;
    private final Pkcs11Module softhsm;
    private final Path directory;
    private final Clock clock;

    ManualStory(PrintWriter out, Pkcs11Module softhsm, Path directory, Clock clock) {
        this.out = out;
        this.softhsm = softhsm;
        this.directory = directory;
        this.clock = clock;
    }

    /** Plays the story and closes the bank. */
    void play() {
        play(bank -> { });
    }

    /** Plays the story, then hands the still-running bank to {@code whileOpen} before closing it. */
    void play(Consumer<KeptBank> whileOpen) {
        step("setup", "bank server starting in-process: CA key on SoftHSM token bank-ca, registry in H2 under " + directory);
        ManufacturerCa cardMaker = ManufacturerCa.create("Keybound demo card maker");
        try (DemoBank bank = new DemoBank(softhsm, directory, "bank-ca", "demo-ca-pin", clock, List.of(cardMaker.certificate()))) {
            step("setup", "bank server listening on " + bank.address() + " (TLS 1.3, its certificate from the bank CA)");
            var issuer = bank.issuer();
            issuer.backOffice().registerBank(new Bank(BANK, "Keybound Shinkin Bank", AttestationPolicy.PREFERRED));
            OpenedContract contract = issuer.backOffice().openContract(BANK);
            String a = contract.contractId().value();
            List<DemoUser> users = new ArrayList<>();
            step("bank", "the bank opens a contract: A = " + a + ", with B, イ, ロ and a customer card handed over once");

            try (TokenSession admin = newToken("admin-token-1")) {
                acquireAdministrator(bank, contract, admin);
                users.addAll(logOnAndRegisterUsers(bank, contract, admin));
                try (TokenSession user1 = newToken("user1-token-2");
                     CardTokenSource cards = CardTokenSource.of(SimulatedCard.personalised(cardMaker, "KBDEMO-0002").terminal());
                     Token card = cards.token(TokenSelector.serial("KBDEMO-0002"));
                     TokenSession user2 = openCard(card)) {
                    X509Certificate cert1 = acquireUser(bank, contract, users.get(0), user1, "SoftHSM token 2");
                    X509Certificate cert2 = acquireUser(bank, contract, users.get(1), user2, "the Java Card " + card.info().serial());
                    logOnUserByTls(bank, users.get(0), user1);
                    logOnUserByChallenge(bank, users.get(1), user2, cert2);
                    copiedCertificateIsRefused(bank, cert1);
                    migrate(bank, a, users.get(0), user1, cert1);
                }
            }
            table(issuer.registry().certificates(contract.contractId()), issuer);
            whileOpen.accept(new KeptBank(bank, contract, users));
        }
    }

    /** The demo's bank after the story, with what a visitor needs to log on in a browser. */
    record KeptBank(DemoBank bank, OpenedContract contract, List<DemoUser> users) {

        /** Where a browser logs on. */
        URI logonPage() {
            return bank.address().resolve("/web/");
        }

        /** How to try the pages: the logon URL, the CA to trust, the tokens and the demo's (throw-away) secrets. */
        void describe(PrintWriter out, Path directory) {
            Path ca = directory.resolve("bank-ca.pem");
            try {
                Files.writeString(ca, CaCreation.pem(bank.chain()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.println();
            out.println("The bank is left running (--keep). Its web pages:");
            out.println("  logon page     " + logonPage());
            out.println("  bank CA        " + ca + " (trust it in the browser for TLS servers)");
            out.println("  tokens         SoftHSM with SOFTHSM2_CONF=" + System.getenv("SOFTHSM2_CONF") + ", PIN " + TOKEN_PIN
                    + ": admin-token-1 (administrator), user1-token-3 (U01)");
            out.println("  administrator  A " + contract.contractId().value() + ", イ " + contract.contractPin().withChars(String::new)
                    + ", ロ " + contract.confirmationPin().withChars(String::new) + ", customer card:");
            var card = contract.card();
            StringBuilder header = new StringBuilder("                   ");
            for (int column = 0; column < card.columns(); column++) {
                header.append(' ').append(' ').append((char) ('A' + column));
            }
            out.println(header);
            for (int row = 0; row < card.rows(); row++) {
                StringBuilder line = new StringBuilder(String.format("                 %2d", row + 1));
                for (int column = 0; column < card.columns(); column++) {
                    line.append(' ').append(card.cell(new CardCell(row, column)));
                }
                out.println(line);
            }
            for (DemoUser user : users) {
                out.println("  user " + user.id() + "       ト " + user.userPin().withChars(String::new));
            }
            out.println("Browser set-up: README.md, \"The web pages\". Ctrl-C stops the bank and removes " + directory + ".");
            out.flush();
        }
    }

    private void acquireAdministrator(DemoBank bank, OpenedContract contract, TokenSession token) {
        String a = contract.contractId().value();
        BankApi.IssuedCertificate issued = KeyEnrollment.enroll(token, "bank-logon", new KeyEnrollment.Holder(a, ""), silent(), key -> {
            step("I-2", "administrator: key pair generated ON " + token.token().label() + " (non-extractable); sends A, イ, ロ and the request");
            return anonymous(bank).acquireAdministrator(new BankApi.AdministratorAcquisition(a, contract.contractPin(),
                    contract.confirmationPin(), key.csrBase64(), key.token(), key.attestation(), key.requestId()));
        }).issued();
        step("I-2", "certificate issued and stored on the token: CN = " + issued.commonName()
                + " (A " + contract.contractId().value() + " + bank code " + BANK.value() + ")");
    }

    private List<DemoUser> logOnAndRegisterUsers(DemoBank bank, OpenedContract contract, TokenSession token) {
        BankClient client = Station.mutualTls(settings(bank), token);
        BankApi.SecondStep step = client.logonWithCertificate();
        step("I-3", "certificate logon over mutual TLS (the handshake signed on the token); the bank asks for イ and card cells "
                + step.cardCells());
        List<Secret> cells = new ArrayList<>();
        for (String label : step.cardCells()) {
            var cell = keybound.logon.otp.CardCell.parse(label);
            cells.add(Secret.of(contract.card().cell(new CardCell(cell.row(), cell.column())))); // as read off the printed card
        }
        BankApi.Session session;
        try (Secret digits = Secret.concat(cells)) {
            session = client.completeWithCard(step.attempt(), contract.contractPin(), digits);
        } finally {
            cells.forEach(Secret::close);
        }
        step("I-3", "logged on: " + session.account().describe() + " (" + session.method() + ")");
        var users = new ArrayList<DemoUser>();
        for (String id : List.of("U01", "U02")) {
            BankApi.RegisteredUser user = client.registerUser(session.session(), id, contract.confirmationPin());
            client.authoriseUser(session.session(), id, contract.confirmationPin(), Optional.of(clock.instant().plus(Duration.ofDays(7))));
            users.add(new DemoUser(user.userId(), user.userPin(), user.userConfirmationPin()));
        }
        step("I-3", "user registration: U01 and U02 registered (ニ, with their initial ト and チ) and each issued a certificate"
                + " authorisation with ロ");
        client.logoff(session.session());
        step("I-3", "administrator logs off");
        return users;
    }

    private X509Certificate acquireUser(DemoBank bank, OpenedContract contract, DemoUser user, TokenSession token, String where) {
        String a = contract.contractId().value();
        // The station's own enrollment: on a card it adds the card's statement that it made the key.
        var enrolled = KeyEnrollment.enroll(token, "bank-logon", new KeyEnrollment.Holder(a, user.id()),
                silent(), key -> anonymous(bank).acquireUser(new BankApi.UserAcquisition(a,
                        user.id(), user.userPin(), user.confirmationPin(), key.csrBase64(), key.token(), key.attestation(),
                        key.requestId())));
        BankApi.IssuedCertificate issued = enrolled.issued();
        boolean attested = bank.issuer().registry().certificates(contract.contractId()).stream()
                .filter(r -> r.serial().equals(issued.serial())).anyMatch(r -> r.attestation().outcome() == Outcome.VERIFIED);
        step("II-1", "user " + user.id() + " sends A, ニ, ト, チ; key made on " + where
                + (attested ? ", which attests it (statement verified by the bank against the card maker's CA)" : "")
                + "; certificate CN = " + issued.commonName());
        return BankClient.certificate(issued);
    }

    private void logOnUserByTls(DemoBank bank, DemoUser user, TokenSession token) {
        BankClient client = Station.mutualTls(settings(bank), token);
        BankApi.Session session = client.logonAsUser(user.userPin());
        step("II-2", "logged on over mutual TLS + ト, one request: " + session.account().describe());
        client.logoff(session.session());
    }

    private void logOnUserByChallenge(DemoBank bank, DemoUser user, TokenSession token, X509Certificate certificate) {
        BankClient client = anonymous(bank);
        KeyRef key = token.credentials().get(0).key();
        BankApi.SecondStep step = client.logonWithSignedChallenge(certificate, Station.signer(token, key));
        BankApi.Session session = client.completeWithUserPin(step.attempt(), user.userPin());
        step("II-2", "logged on with a challenge signed on the card + ト: " + session.account().describe());
        client.logoff(session.session());
    }

    private void copiedCertificateIsRefused(DemoBank bank, X509Certificate copied) {
        try (TokenSession stranger = newToken("copy-token")) {
            KeyRef otherKey = Station.newKey(stranger, "not-the-key");
            BankClient client = BankClient.connect(settings(bank), Optional.empty());
            try {
                client.logonWithSignedChallenge(copied, Station.signer(stranger, otherKey));
                throw new IllegalStateException("the bank accepted a certificate without its key");
            } catch (BankApiException e) {
                step("II-2", "U01's certificate copied to another token (without its key) cannot log on: " + e.getMessage());
            }
        }
    }

    private void migrate(DemoBank bank, String contractId, DemoUser user, TokenSession oldToken, X509Certificate oldCert) {
        try (TokenSession fresh = newToken("user1-token-3")) {
            KeyRef oldKey = oldToken.credentials().get(0).key();
            BankApi.IssuedCertificate issued = KeyEnrollment.enroll(fresh, "bank-logon", new KeyEnrollment.Holder(contractId, user.id()),
                    silent(), key -> {
                        byte[] proof = Station.signer(oldToken, oldKey).sign(BankClient.renewalProofMessage(key.csr()));
                        return anonymous(bank).renew(new BankApi.Renewal("migration", BankClient.base64(oldCert), key.csrBase64(),
                                BankClient.base64(proof), user.userPin(), user.confirmationPin(), key.token(), key.attestation(),
                                key.requestId()));
                    }).issued();
            step("migr", "U01 migrates (移行): new key on token 3, request signed there, the old key signs the proof; new serial "
                    + issued.serial() + ", the old certificate superseded");
            try {
                Station.mutualTls(settings(bank), oldToken).logonWithCertificate();
                throw new IllegalStateException("the bank accepted a superseded certificate");
            } catch (BankApiException e) {
                step("II-2", "the old token's certificate is refused: " + e.getMessage());
            }
            logOnUserByTls(bank, user, fresh);
        }
    }

    private void table(List<CertificateRecord> records, Issuer issuer) {
        out.println();
        out.printf("  %-34s %-18s %-13s %-4s %-26s %s%n", "serial", "CN", "role", "user", "token", "state");
        for (CertificateRecord r : records) {
            out.printf("  %-34s %-18s %-13s %-4s %-26s %s%n", r.serial(), r.commonName(), r.role(),
                    r.user().map(UserId::value).orElse("-"), r.token().kind() + " " + r.token().serial(),
                    issuer.registry().state(r.certificate()));
        }
    }

    private TokenSession newToken(String label) {
        try (Secret so = Secret.of("demo-so-pin"); Secret user = Secret.of(TOKEN_PIN)) {
            softhsm.initToken(label, so, user);
        }
        try (Secret pin = Secret.of(TOKEN_PIN)) {
            return softhsm.token(TokenSelector.label(label)).open(pin);
        }
    }

    private static TokenSession openCard(Token card) {
        try (Secret pin = Secret.of(SimulatedCardReader.PIN)) {
            return card.open(pin);
        }
    }

    private static BankClient anonymous(DemoBank bank) {
        return BankClient.connect(settings(bank), Optional.empty());
    }

    /** Where KeyEnrollment's progress lines go: the demo prints its own steps instead. */
    private static PrintWriter silent() {
        return new PrintWriter(Writer.nullWriter());
    }

    private void step(String manualStep, String text) {
        out.printf("[%-5s] %s%n", manualStep, text);
        out.flush();
    }

    private static BankSettings settings(DemoBank bank) {
        return new BankSettings(bank.address(), bank.chain());
    }
}
