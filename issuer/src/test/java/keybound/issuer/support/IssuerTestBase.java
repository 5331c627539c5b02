package keybound.issuer.support;

import java.security.KeyPair;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import keybound.credentials.HashParameters;
import keybound.issuer.IssuedCertificate;
import keybound.issuer.Issuer;
import keybound.issuer.IssuerConfig;
import keybound.issuer.contract.Bank;
import keybound.issuer.contract.BankCode;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.contract.RegisteredUser;
import keybound.issuer.contract.UserId;
import keybound.issuer.enrollment.AdministratorAcquisition;
import keybound.issuer.enrollment.AdministratorCredentials;
import keybound.issuer.enrollment.TokenReport;
import keybound.issuer.enrollment.UserAcquisition;
import keybound.issuer.policy.AttestationPolicy;
import keybound.issuer.store.CertificateRepository;
import keybound.issuer.store.Database;
import keybound.testkit.clock.MutableClock;
import keybound.testkit.keys.SoftwareKeys;
import keybound.token.AttestationStatement;
import keybound.token.Secret;
import keybound.token.TokenKind;
import keybound.token.card.CardAttestationVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;

/**
 * A fresh registry on the engine under test, a clock the test moves, the shared test CA (on
 * SoftHSM), the card helper's real {@link CardAttestationVerifier} trusting a test manufacturer,
 * and one registered bank. Concrete classes carry {@code @ParameterizedClass @EnumSource(Engine.class)},
 * so every test runs on H2 and on a real PostgreSQL.
 */
public abstract class IssuerTestBase {

    public static final BankCode BANK = new BankCode("1234");
    public static final TestManufacturer MANUFACTURER = new TestManufacturer("Acme Cards");
    public static final TokenReport SOFTHSM = new TokenReport(TokenKind.PKCS11, "SoftHSM v2", "6a1c0f2e9d");
    private static final byte[] SEALING_KEY = new byte[32];

    @Parameter
    protected Engine engine;
    protected Database database;
    protected MutableClock clock;
    protected IssuerConfig config;
    protected Issuer issuer;

    @BeforeEach
    void openRegistry() {
        database = engine.open();
        clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
        config = config(IssuerConfig.defaults(new SecretKeySpec(SEALING_KEY, "AES")).withSecretHashing(HashParameters.testing()));
        issuer = new Issuer(database, IssuerTokenCa.shared(), new CardAttestationVerifier(List.of(MANUFACTURER.trustAnchor()), Clock.systemUTC()),
                config, clock);
        issuer.backOffice().registerBank(new Bank(BANK, "Keybound Shinkin Bank", policy()));
    }

    @AfterEach
    void closeRegistry() {
        database.close();
    }

    /** Override to change settings for a test class. */
    protected IssuerConfig config(IssuerConfig defaults) {
        return defaults;
    }

    /** The bank's attestation policy for this test class. */
    protected AttestationPolicy policy() {
        return AttestationPolicy.PREFERRED;
    }

    protected OpenedContract openContract() {
        return issuer.backOffice().openContract(BANK);
    }

    protected IssuedCertificate acquireAdministrator(OpenedContract contract, KeyPair keys) {
        return issuer.acquireAdministrator(new AdministratorAcquisition(contract.contractId(), contract.contractPin().copy(),
                contract.confirmationPin().copy(), SoftwareKeys.csr(keys), SOFTHSM, Optional.empty()));
    }

    protected AdministratorCredentials admin(IssuedCertificate adminCertificate, OpenedContract contract) {
        return new AdministratorCredentials(adminCertificate.certificate(), contract.confirmationPin().copy());
    }

    /** Registers {@code user} and opens an authorisation for a week. */
    protected RegisteredUser registerAndAuthorise(AdministratorCredentials admin, String user) {
        RegisteredUser registered = issuer.users().register(admin, new UserId(user));
        issuer.users().authorise(admin, new UserId(user), clock.instant().plus(Duration.ofDays(7)));
        return registered;
    }

    protected UserAcquisition userAcquisition(RegisteredUser user, KeyPair keys, Optional<AttestationStatement> attestation) {
        return new UserAcquisition(user.contract(), user.userId(), user.userPin().copy(), user.userConfirmationPin().copy(),
                SoftwareKeys.csr(keys), SOFTHSM, attestation);
    }


    protected int certificateCount() {
        return database.inTransaction(c -> new CertificateRepository().count(c));
    }

    protected void sql(String statement) {
        database.inTransaction(c -> {
            try (var s = c.createStatement()) {
                s.execute(statement);
            }
            return null;
        });
    }

    protected String queryString(String query) {
        return database.inTransaction(c -> {
            try (var s = c.createStatement(); var rows = s.executeQuery(query)) {
                if (!rows.next()) {
                    throw new SQLException("no row for " + query);
                }
                return rows.getString(1);
            }
        });
    }
}
