package keybound.cli.web;

import static keybound.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import keybound.cli.ExitCode;
import keybound.cli.station.SoftHsmBackup;
import keybound.cli.station.StationEnvironment;
import keybound.issuer.contract.OpenedContract;
import keybound.server.fixture.BankFixture;
import keybound.testkit.softhsm.SoftHsmEnvironment;
import keybound.testkit.softhsm.SoftHsmExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The manual in a real browser: Debian's headless Chromium, every key on a SoftHSM token that the
 * station made, loaded into the browser's NSS database, the certificate presented in the TLS
 * handshake to the bank's own HTTPS server. The administrator logs on with イ and the customer-card
 * cells, registers users (ト and チ shown once) and authorises issuance with ロ; the user acquires
 * with the station and logs on with ト to the status page; then the refusals a customer can meet,
 * each on its own page: no certificate, a forged form (no CSRF token), markup as a user ID, a
 * session cookie replayed from another certificate, a superseded certificate (after migrate),
 * a wrong ト five times and then locked, a revoked certificate, a stale page after logoff.
 * Every page is saved in both languages under {@code target/screens/} (docs/screens holds a copy).
 */
@ExtendWith(SoftHsmExtension.class)
class BrowserStoryTest {

    private static final String ADMIN_PIN = "111111";
    private static final String USER_PIN = "333333";
    private static final String NEW_PIN = "444444";

    @TempDir
    Path directory;

    private final Path screens = Path.of("target", "screens").toAbsolutePath();
    private SoftHsmEnvironment softHsm;
    private BankFixture bank;
    private OpenedContract contract;
    private String module;
    private String suffix;
    private Map<String, String> admin;
    private Map<String, String> user;

    @BeforeEach
    void bank(SoftHsmEnvironment environment) throws Exception {
        softHsm = environment;
        module = environment.module().toString();
        suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt());
        bank = BankFixture.open(directory);
        contract = StationEnvironment.plainContract(bank);
        admin = StationEnvironment.administrator(bank, contract, directory, "admin-state", ADMIN_PIN);
        user = StationEnvironment.forContract(bank, contract, directory, "user-state");
        user.put("KEYBOUND_TOKEN_PIN", USER_PIN);
    }

    @AfterEach
    void close() {
        bank.close();
    }

    @Test
    void theManualAndItsRefusalsInHeadlessChromium() throws Exception {
        String confirmationPin = contract.confirmationPin().withChars(String::new);

        // A browser with no token: the top page explains what to set up, it is no TLS failure.
        try (Browser nobody = browser("nobody", Optional.empty())) {
            nobody.go("/web/");
            assertTrue(nobody.has("#no-certificate"));
            assertEquals("ja", nobody.lang(), "Japanese first (Accept-Language: ja)");
            nobody.shootBoth("01-top-no-certificate");
        }

        // I-2 at the station, then I-3 in the browser.
        String adminLabel = StationEnvironment.initToken(module, "admin-" + suffix, ADMIN_PIN);
        run(admin, List.of("--module", module, "--token", adminLabel), "admin", "acquire").expect(ExitCode.OK);
        try (Browser administrator = browser("administrator", Optional.of(token(softHsm.config(), adminLabel, ADMIN_PIN)))) {
            administrator.go("/web/");
            assertTrue(administrator.text("#presented").contains("CN=" + contract.contractId().value() + "0042"),
                    administrator.text("#presented"));
            administrator.shootBoth("02-top-certificate");
            // the second step in English, left unanswered; then in Japanese, answered
            administrator.go("/web/?lang=en").click("#logon").shoot("03-second-step-administrator");
            administrator.go("/web/?lang=ja").click("#logon").shoot("03-second-step-administrator");
            administrator.type("#contractPin", contract.contractPin().withChars(String::new));
            List<WebElement> cells = administrator.driver().findElements(By.cssSelector("input[name^=cell-]"));
            assertEquals(2, cells.size());
            for (WebElement cell : cells) {
                cell.sendKeys(admin.get("KEYBOUND_CARD_" + cell.getAttribute("name").substring("cell-".length())));
            }
            administrator.click("#submit");
            assertTrue(administrator.driver().getCurrentUrl().endsWith("/web/admin/users"), administrator.driver().getCurrentUrl());
            assertTrue(administrator.has("#no-users"));

            // a form without its CSRF token is refused, and nothing is registered
            for (String lang : List.of("ja", "en")) {
                administrator.go("/web/admin/users?lang=" + lang);
                administrator.driver().executeScript("document.querySelector('#register-form input[name=csrf]').remove()");
                administrator.type("#register-userId", "U09").type("#register-confirmationPin", confirmationPin).click("#register");
                assertTrue(administrator.has("#refusal-form-expired"));
                administrator.shoot("10-refusal-form-expired");
            }
            administrator.go("/web/admin/users?lang=ja");
            assertFalse(administrator.driver().getPageSource().contains("U09"));

            // markup as a user ID is refused and shown back as text, never run
            String markup = "<script>alert(1)</script>";
            for (String lang : List.of("ja", "en")) {
                administrator.go("/web/admin/users?lang=" + lang);
                administrator.type("#register-userId", markup).type("#register-confirmationPin", confirmationPin).click("#register");
                assertEquals(markup, administrator.text("#shown"));
                assertThrows(NoAlertPresentException.class, () -> administrator.driver().switchTo().alert());
                administrator.shoot("11-refusal-invalid-user-id");
            }

            // registration: ト and チ shown once (U01 in Japanese, U02 in English)
            administrator.go("/web/admin/users?lang=ja");
            administrator.type("#register-userId", "U01").type("#register-confirmationPin", confirmationPin).click("#register");
            String userPin = administrator.text("#shown-userPin");
            String userConfirmationPin = administrator.text("#shown-userConfirmationPin");
            administrator.shoot("05-user-registered");
            administrator.go("/web/admin/users?lang=en");
            administrator.type("#register-userId", "U02").type("#register-confirmationPin", confirmationPin).click("#register")
                    .shoot("05-user-registered");

            // authorise U01 with ロ (Japanese); suspend and resume U02 (English)
            change(administrator, "ja", "U01", confirmationPin, "#authorise").shoot("06-done");
            change(administrator, "en", "U02", confirmationPin, "#suspend").shoot("06-done");
            assertTrue(administrator.go("/web/admin/users").driver().getPageSource().contains("Suspended"));
            change(administrator, "en", "U02", confirmationPin, "#resume");
            administrator.go("/web/admin/users?lang=ja").shootBoth("04-users");
            administrator.go("/web/admin/contract").shootBoth("07-contract");

            // II-1 at the station with the ト and チ the page showed; II-2 in the browser
            String userLabel = StationEnvironment.initToken(module, "user-" + suffix, USER_PIN);
            user.put("KEYBOUND_USER_ID", "U01");
            user.put("KEYBOUND_USER_PIN", userPin);
            user.put("KEYBOUND_USER_CONFIRMATION_PIN", userConfirmationPin);
            run(user, List.of("--module", module, "--token", userLabel), "user", "acquire").expect(ExitCode.OK);
            try (Browser first = browser("user", Optional.of(token(softHsm.config(), userLabel, USER_PIN)))) {
                // a user's top page asks for ト at once: the logon is one request (II-2)
                first.go("/web/").shootBoth("08-top-user");
                first.type("#userPin", userPin).click("#logon");
                assertTrue(first.text("#welcome").contains("U01"), first.text("#welcome"));
                assertTrue(first.has("#validity") && first.has("#next-step"));
                first.shootBoth("09-status");
                first.go("/web/status?lang=en").click("#logoff").shoot("15-logged-off");
                first.go("/web/?lang=ja");

                // the administrator's session cookie, replayed from the user's browser (another certificate), opens nothing
                Cookie stolen = administrator.driver().manage().getCookieNamed("__Host-kb-session");
                first.driver().manage().addCookie(new Cookie.Builder(stolen.getName(), stolen.getValue()).path("/")
                        .isSecure(true).isHttpOnly(true).sameSite("Strict").build());
                first.go("/web/admin/users");
                assertTrue(first.has("#refusal-session-invalid"));
                first.shootBoth("12-refusal-session-invalid");
                assertTrue(administrator.go("/web/admin/users").has("#users"), "the administrator's own session still works");
            }

            // migration to a new token supersedes the old certificate; a backup of the old token shows it refused
            SoftHsmBackup old = SoftHsmBackup.of(softHsm, directory);
            String newLabel = StationEnvironment.initToken(module, "new-" + suffix, NEW_PIN);
            user.put("KEYBOUND_NEW_TOKEN_PIN", NEW_PIN);
            run(user, List.of("--module", module, "--token", userLabel), "migrate", "--to-token", newLabel, "--to-module", module)
                    .expect(ExitCode.OK);
            try (Browser stale = browser("old-token", Optional.of(token(old.config(), userLabel, USER_PIN)))) {
                for (String lang : List.of("ja", "en")) {
                    stale.go("/web/?lang=" + lang).click("#logon");
                    assertTrue(stale.has("#refusal-certificate-superseded"));
                    stale.shoot("13-refusal-certificate-superseded");
                }
            }

            try (Browser moved = browser("new-token", Optional.of(token(softHsm.config(), newLabel, NEW_PIN)))) {
                // a wrong ト five times, then the account is locked: the logon stops at once, whatever comes next
                for (int attempt = 0; attempt < 5; attempt++) {
                    moved.go("/web/?lang=" + (attempt % 2 == 0 ? "ja" : "en"));
                    moved.type("#userPin", "000000").click("#logon");
                    assertTrue(moved.has("#refusal-credentials-rejected") || (attempt == 4 && moved.has("#refusal-account-locked")));
                    if (attempt < 2) {
                        moved.shoot("14-refusal-wrong-secret");
                    }
                }
                for (String lang : List.of("ja", "en")) {
                    moved.go("/web/?lang=" + lang).type("#userPin", userPin).click("#logon"); // the right ト, refused unchecked
                    assertTrue(moved.has("#refusal-account-locked"), moved.driver().getPageSource());
                    moved.shoot("16-refusal-account-locked");
                }

                // the administrator revokes U01: the certificate is refused at once
                change(administrator, "ja", "U01", "", "#revoke");
                assertTrue(administrator.has("#done"));
                for (String lang : List.of("ja", "en")) {
                    moved.go("/web/?lang=" + lang).click("#logon");
                    assertTrue(moved.has("#refusal-certificate-revoked"));
                    moved.shoot("17-refusal-certificate-revoked");
                }
            }

            // logoff ends the session at the bank: the page left behind is refused when fetched again
            administrator.go("/web/admin/users?lang=ja").click("#logoff");
            assertTrue(administrator.has("#logged-off"));
            administrator.shoot("15-logged-off");
            administrator.driver().navigate().back();
            assertTrue(administrator.has("#refusal-session-invalid"), administrator.driver().getPageSource());
        }
    }

    /** The change form: choose {@code userId}, type ロ, press {@code button}. */
    private static Browser change(Browser browser, String lang, String userId, String confirmationPin, String button) {
        browser.go("/web/admin/users?lang=" + lang);
        new Select(browser.find("#change-userId")).selectByValue(userId);
        browser.type("#change-confirmationPin", confirmationPin).click(button);
        assertTrue(browser.has("#done"), browser.driver().getPageSource());
        return browser;
    }

    private Browser browser(String name, Optional<Browser.Token> token) {
        return Browser.open(directory.resolve("home-" + name), bank.address(), bank.chain(), token, screens);
    }

    private static Browser.Token token(Path softHsmConfig, String label, String pin) {
        return new Browser.Token(softHsmConfig, label, pin);
    }
}
