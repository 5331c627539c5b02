package keybound.cli.demo;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import keybound.cli.card.SimulatedCardReader;
import keybound.cli.station.Station;
import keybound.credentials.Secret;
import keybound.issuer.contract.Bank;
import keybound.issuer.contract.BankCode;
import keybound.issuer.contract.CardCell;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.contract.RegisteredUser;
import keybound.issuer.contract.UserId;
import keybound.issuer.enrollment.AdministratorAcquisition;
import keybound.issuer.enrollment.AdministratorCredentials;
import keybound.issuer.enrollment.Renewal;
import keybound.issuer.enrollment.RenewalKind;
import keybound.issuer.enrollment.UserAcquisition;
import keybound.issuer.policy.AttestationPolicy;
import keybound.issuer.store.CertificateRecord;
import keybound.server.client.BankApi;
import keybound.server.client.BankApiException;
import keybound.server.client.BankClient;
import keybound.token.KeyRef;
import keybound.token.Pin;
import keybound.token.Token;
import keybound.token.TokenSelector;
import keybound.token.TokenSession;
import keybound.token.card.CardTokenSource;
import keybound.token.pkcs11.Pkcs11Module;

/**
 * The manual's story, end to end, each step printed with the manual's step number: the bank
 * (in-process, real HTTPS on loopback) opens a contract; the administrator acquires on SoftHSM
 * token 1 and logs on with the customer card; two users are registered and authorised; user 1
 * acquires on token 2, user 2 on a Java Card; both log on; a copied certificate without its key
 * is refused; user 1 migrates to token 3 and the old certificate is refused.
 */
final class ManualStory {

    private static final BankCode BANK = new BankCode("1234");
    private static final String TOKEN_PIN = "1234";

    private final PrintWriter out;
    private final Pkcs11Module softhsm;
    private final Path directory;

    ManualStory(PrintWriter out, Pkcs11Module softhsm, Path directory) {
        this.out = out;
        this.softhsm = softhsm;
        this.directory = directory;
    }

    void play() {
        step("setup", "bank server starting in-process: CA key on SoftHSM token bank-ca, registry in H2 under " + directory);
        try (DemoBank bank = new DemoBank(softhsm, directory, "bank-ca", "demo-ca-pin")) {
            step("setup", "bank server listening on " + bank.address() + " (TLS 1.3, its certificate from the bank CA)");
            var issuer = bank.issuer();
            issuer.backOffice().registerBank(new Bank(BANK, "Keybound Shinkin Bank", AttestationPolicy.NONE));
            OpenedContract contract = issuer.backOffice().openContract(BANK);
            String a = contract.contractId().value();
            step("bank", "the bank opens a contract: A = " + a + ", with B, イ, ロ and a customer card handed over once");

            try (TokenSession admin = newToken("admin-token-1")) {
                X509Certificate adminCert = acquireAdministrator(bank, contract, admin);
                logOnAdministrator(bank, contract, admin);
                var users = registerUsers(bank, contract, adminCert);
                try (TokenSession user1 = newToken("user1-token-2");
                     CardTokenSource cards = CardTokenSource.of(SimulatedCardReader.fresh("KBDEMO-0002").terminal());
                     Token card = cards.token(TokenSelector.serial("KBDEMO-0002"));
                     TokenSession user2 = openCard(card)) {
                    X509Certificate cert1 = acquireUser(bank, contract, users.get(0), user1, "SoftHSM token 2");
                    X509Certificate cert2 = acquireUser(bank, contract, users.get(1), user2, "the Java Card " + card.info().serial());
                    logOnUserByTls(bank, users.get(0), user1);
                    logOnUserByChallenge(bank, users.get(1), user2, cert2);
                    copiedCertificateIsRefused(bank, cert1);
                    migrate(bank, users.get(0), user1, cert1);
                }
            }
            table(issuer.certificates(contract.contractId()), issuer);
        }
    }

    private X509Certificate acquireAdministrator(DemoBank bank, OpenedContract contract, TokenSession token) {
        KeyRef key = Station.newKey(token, "bank-logon");
        step("I-2", "administrator: key pair generated ON " + token.token().label() + " (non-extractable); sends A, イ, ロ and the request");
        var issued = bank.issuer().acquireAdministrator(new AdministratorAcquisition(contract.contractId(),
                copy(contract.contractPin()), copy(contract.confirmationPin()), Station.csr(token, key),
                Station.report(token.token()), Optional.empty()));
        token.storeCertificate(key, issued.certificate());
        step("I-2", "certificate issued and stored on the token: CN = " + issued.record().commonName()
                + " (A " + contract.contractId().value() + " + bank code " + BANK.value() + ")");
        return issued.certificate();
    }

    private void logOnAdministrator(DemoBank bank, OpenedContract contract, TokenSession token) {
        BankClient client = Station.mutualTls(bank.address(), bank.chain(), token);
        BankApi.SecondStep step = client.logonWithCertificate();
        step("I-3", "certificate logon over mutual TLS (the handshake signed on the token); the bank asks for イ and card cells "
                + step.cardCells());
        StringBuilder digits = new StringBuilder();
        for (String label : step.cardCells()) {
            var cell = keybound.logon.otp.CardCell.parse(label);
            digits.append(contract.card().cell(new CardCell(cell.row(), cell.column())));
        }
        BankApi.Session session = client.completeWithCard(step.attempt(), contract.contractPin().chars(), digits.toString().toCharArray());
        step("I-3", "logged on: " + BankClient.holder(session) + " (" + session.method() + ")");
        client.logoff(session.session());
    }

    private List<RegisteredUser> registerUsers(DemoBank bank, OpenedContract contract, X509Certificate adminCert) {
        var issuer = bank.issuer();
        var registered = new java.util.ArrayList<RegisteredUser>();
        for (String id : List.of("U01", "U02")) {
            RegisteredUser user = issuer.registerUser(new AdministratorCredentials(adminCert, copy(contract.confirmationPin())), new UserId(id));
            issuer.authoriseUser(new AdministratorCredentials(adminCert, copy(contract.confirmationPin())), user.userId(),
                    Instant.now().plus(Duration.ofDays(7)));
            registered.add(user);
        }
        step("I-3", "administrator registers users U01 and U02 and issues each a certificate authorisation (with ロ); logs off");
        return registered;
    }

    private X509Certificate acquireUser(DemoBank bank, OpenedContract contract, RegisteredUser user, TokenSession token, String where) {
        KeyRef key = Station.newKey(token, "bank-logon");
        var issued = bank.issuer().acquireUser(new UserAcquisition(contract.contractId(), user.userId(), copy(user.userPin()),
                copy(user.userConfirmationPin()), Station.csr(token, key), Station.report(token.token()), Optional.empty()));
        token.storeCertificate(key, issued.certificate());
        step("II-1", "user " + user.userId().value() + " sends A, ニ, ト, チ; key made on " + where + "; certificate CN = "
                + issued.record().commonName());
        return issued.certificate();
    }

    private void logOnUserByTls(DemoBank bank, RegisteredUser user, TokenSession token) {
        BankClient client = Station.mutualTls(bank.address(), bank.chain(), token);
        BankApi.SecondStep step = client.logonWithCertificate();
        BankApi.Session session = client.completeWithUserPin(step.attempt(), user.userPin().chars());
        step("II-2", "logged on over mutual TLS + ト: " + BankClient.holder(session));
        client.logoff(session.session());
    }

    private void logOnUserByChallenge(DemoBank bank, RegisteredUser user, TokenSession token, X509Certificate certificate) {
        BankClient client = BankClient.connect(bank.address(), bank.chain(), Optional.empty());
        KeyRef key = token.credentials().get(0).key();
        BankApi.SecondStep step = client.logonWithSignedChallenge(certificate, Station.signer(token, key));
        BankApi.Session session = client.completeWithUserPin(step.attempt(), user.userPin().chars());
        step("II-2", "logged on with a challenge signed on the card + ト: " + BankClient.holder(session));
        client.logoff(session.session());
    }

    private void copiedCertificateIsRefused(DemoBank bank, X509Certificate copied) {
        try (TokenSession stranger = newToken("copy-token")) {
            KeyRef otherKey = Station.newKey(stranger, "not-the-key");
            BankClient client = BankClient.connect(bank.address(), bank.chain(), Optional.empty());
            try {
                client.logonWithSignedChallenge(copied, Station.signer(stranger, otherKey));
                throw new IllegalStateException("the bank accepted a certificate without its key");
            } catch (BankApiException e) {
                step("II-2", "U01's certificate copied to another token (without its key) cannot log on: " + e.getMessage());
            }
        }
    }

    private void migrate(DemoBank bank, RegisteredUser user, TokenSession oldToken, X509Certificate oldCert) {
        try (TokenSession fresh = newToken("user1-token-3")) {
            KeyRef key = Station.newKey(fresh, "bank-logon");
            byte[] csr = Station.csr(fresh, key);
            KeyRef oldKey = oldToken.credentials().get(0).key();
            byte[] proof = Station.signer(oldToken, oldKey).sign(Renewal.proofMessage(csr));
            var issued = bank.issuer().renew(new Renewal(RenewalKind.MIGRATION, oldCert, csr, proof, copy(user.userPin()),
                    copy(user.userConfirmationPin()), Station.report(fresh.token()), Optional.empty()));
            fresh.storeCertificate(key, issued.certificate());
            step("migr", "U01 migrates: new key on token 3, request signed there, old key proves the holder; new serial "
                    + issued.serial() + ", the old certificate superseded");
            try {
                Station.mutualTls(bank.address(), bank.chain(), oldToken).logonWithCertificate();
                throw new IllegalStateException("the bank accepted a superseded certificate");
            } catch (BankApiException e) {
                step("II-2", "the old token's certificate is refused: " + e.getMessage());
            }
            logOnUserByTls(bank, user, fresh);
        }
    }

    private void table(List<CertificateRecord> records, keybound.issuer.Issuer issuer) {
        out.println();
        out.printf("  %-34s %-18s %-13s %-4s %-26s %s%n", "serial", "CN", "role", "user", "token", "state");
        for (CertificateRecord r : records) {
            out.printf("  %-34s %-18s %-13s %-4s %-26s %s%n", r.serial(), r.commonName(), r.role(),
                    r.user().map(UserId::value).orElse("-"), r.token().kind() + " " + r.token().serial(),
                    issuer.state(r.certificate()));
        }
    }

    private TokenSession newToken(String label) {
        try (Pin so = Pin.of("demo-so-pin"); Pin user = Pin.of(TOKEN_PIN)) {
            softhsm.initToken(label, so, user);
        }
        try (Pin pin = Pin.of(TOKEN_PIN)) {
            return softhsm.token(TokenSelector.label(label)).open(pin);
        }
    }

    private static TokenSession openCard(Token card) {
        try (Pin pin = Pin.of(SimulatedCardReader.PIN)) {
            return card.open(pin);
        }
    }

    private static Secret copy(Secret secret) {
        return Secret.of(secret.chars());
    }

    private void step(String manualStep, String text) {
        out.printf("[%-5s] %s%n", manualStep, text);
        out.flush();
    }
}
