package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.X509KeyManager;
import keybound.logon.otp.Totp;
import keybound.logon.otp.TotpAlgorithm;
import keybound.logon.otp.TotpKey;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BankClient;
import keybound.server.fixture.BankFixture;
import keybound.testkit.keys.SoftwareKeys;
import keybound.testkit.softhsm.SoftHsmExtension;
import org.eclipse.jetty.util.thread.Invocable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web pages over real HTTPS on loopback, checked header by header: the security headers on
 * every page, the cookies' attributes, the CSRF check, the session's binding to the client
 * certificate, escaping, logoff ending the session server-side, and the language switch. The
 * browser itself (Chromium with keys on SoftHSM) is the CLI module's {@code BrowserStoryTest}.
 */
@ExtendWith(SoftHsmExtension.class)
class WebPagesTest {

    private static final Pattern ATTEMPT = Pattern.compile("name=\"attempt\" value=\"([^\"]+)\"");
    private static final Pattern CELLS = Pattern.compile("name=\"cells\" value=\"([^\"]+)\"");
    private static final Pattern SHOWN_PIN = Pattern.compile("id=\"shown-userPin\">([^<]+)<");

    @TempDir
    Path directory;

    private BankFixture bank;
    private BankApi.OpenedContract contract;
    private X509Certificate adminCertificate;
    private KeyPair adminKeys;

    @BeforeEach
    void open() {
        bank = BankFixture.open(directory);
        BankFixture.Administrator administrator = bank.administrator();
        contract = administrator.contract();
        adminKeys = administrator.keys();
        adminCertificate = administrator.certificate();
    }

    @AfterEach
    void close() {
        bank.close();
    }

    /** Every page that takes a form (the pages' routes are registered in their classes, not listed anywhere else). */
    private static final List<String> FORM_PAGES = List.of("/web/logon/user", "/web/logon", "/web/logon/second-step", "/web/logoff",
            "/web/admin/users/register", "/web/admin/users/reset", "/web/admin/users/authorise",
            "/web/admin/users/revoke", "/web/admin/users/suspend", "/web/admin/users/resume");

    /** The pages, the API and every handler around them hand blocking work to the workers (see WaitingEndpointsTest). */
    @Test
    void theAssembledServerIsNonBlockingToJetty() {
        assertEquals(Invocable.InvocationType.NON_BLOCKING, bank.server().invocationType());
    }

    @Test
    void aFormOverTheLimitIs413OnEveryFormPageDeclaredOrChunked() throws Exception {
        HttpClient browser = HttpClient.newBuilder().sslContext(BankClient.tls(bank.issuer().caChain(), Optional.empty()))
                .version(HttpClient.Version.HTTP_1_1).build();
        for (String path : FORM_PAGES) {
            for (OversizedBody.Framing framing : OversizedBody.Framing.values()) {
                HttpResponse<String> page = OversizedBody.post(browser, HttpRequest.newBuilder(bank.address()
                        .resolve(path.substring(1))).header("Content-Type", "application/x-www-form-urlencoded"), framing);
                String what = path + " " + framing;
                assertEquals(413, page.statusCode(), what);
                assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"), what);
                assertTrue(page.body().contains("id=\"refusal-body-too-large\""), what + ": " + page.body());
                assertEquals("close", page.headers().firstValue("Connection").orElseThrow(), what);
            }
        }
    }

    @Test
    void everyPageCarriesTheSecurityHeadersAndNoCache() {
        PageClient browser = new PageClient(bank.address(), bank.issuer().caChain(), Optional.empty());
        HttpResponse<String> root = browser.get("/");
        assertEquals(303, root.statusCode());
        assertEquals("/web/", root.headers().firstValue("location").orElseThrow());
        for (HttpResponse<String> page : List.of(root, browser.get("/web/"), browser.get("/web/nowhere"),
                browser.get("/web/admin/users"))) {
            var headers = page.headers();
            String csp = headers.firstValue("content-security-policy").orElseThrow();
            assertTrue(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'") && !csp.contains("script-src"),
                    csp);
            assertEquals("no-referrer", headers.firstValue("referrer-policy").orElseThrow());
            assertTrue(headers.firstValue("strict-transport-security").orElseThrow().startsWith("max-age="));
            assertEquals("no-store", headers.firstValue("cache-control").orElseThrow());
            assertEquals("nosniff", headers.firstValue("x-content-type-options").orElseThrow());
            assertFalse(page.body().contains("<script"), page.body());
        }
        assertEquals(404, browser.get("/web/nowhere").statusCode());
        assertEquals(401, browser.get("/web/admin/users").statusCode());
        // the JSON API beside the pages is untouched
        assertTrue(bank.anonymous().healthy());
    }

    @Test
    void aBrowserWithoutCertificateGetsTheHelpPageNotATlsFailure() {
        PageClient browser = new PageClient(bank.address(), bank.issuer().caChain(), Optional.empty());
        HttpResponse<String> top = browser.get("/web/");
        assertEquals(200, top.statusCode());
        assertTrue(top.body().contains("id=\"no-certificate\""), top.body());
        assertTrue(top.body().contains("lang=\"ja\""));
        String csrfCookie = top.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("__Host-kb-csrf=")).findFirst()
                .orElseThrow();
        assertTrue(csrfCookie.contains("Path=/") && csrfCookie.contains("Secure") && csrfCookie.contains("SameSite=Strict")
                && !csrfCookie.contains("Domain"), csrfCookie);
        String csrf = browser.cookies.get("__Host-kb-csrf");
        for (var form : List.of(Map.of("path", "/web/logon"), Map.of("path", "/web/logon/user", "userPin", "123456"))) {
            Map<String, String> fields = new LinkedHashMap<>(form);
            String path = fields.remove("path");
            fields.put("csrf", csrf);
            HttpResponse<String> refused = browser.post(path, fields);
            assertEquals(401, refused.statusCode(), path);
            assertTrue(refused.body().contains("id=\"refusal-certificate-required\""), path + ": " + refused.body());
        }
    }

    @Test
    void headIsAnsweredWhereAPageIsGotAndA405SaysWhatIsAllowed() {
        PageClient browser = new PageClient(bank.address(), bank.issuer().caChain(), Optional.empty());
        for (String path : List.of("/web/", "/web/style.css")) {
            HttpResponse<String> get = browser.get(path);
            HttpResponse<String> head = browser.method("HEAD", path);
            assertEquals(200, head.statusCode(), path);
            assertEquals("", head.body(), path);
            assertEquals(get.headers().firstValue("content-type"), head.headers().firstValue("content-type"), path);
            assertEquals(get.headers().firstValue("content-security-policy"), head.headers().firstValue("content-security-policy"));
            assertTrue(Long.parseLong(head.headers().firstValue("content-length").orElseThrow()) > 0, path);
        }
        assertEquals(String.valueOf(browser.get("/web/style.css").body().getBytes(StandardCharsets.UTF_8).length),
                browser.method("HEAD", "/web/style.css").headers().firstValue("content-length").orElseThrow());
        HttpResponse<String> getOfAForm = browser.get("/web/logon");
        assertEquals(405, getOfAForm.statusCode());
        assertEquals("POST", getOfAForm.headers().firstValue("allow").orElseThrow());
        HttpResponse<String> put = browser.method("PUT", "/web/admin/users");
        assertEquals(405, put.statusCode());
        assertEquals("GET, HEAD", put.headers().firstValue("allow").orElseThrow());
        assertEquals(404, browser.method("HEAD", "/web/no-such-page").statusCode());
    }

    @Test
    void administratorLogsOnRegistersAndLogsOffWithTheSessionBoundAndFormsChecked() {
        PageClient admin = new PageClient(bank.address(), bank.issuer().caChain(),
                Optional.of(SoftwareKeys.keyManager(adminKeys, adminCertificate)));
        HttpResponse<String> top = admin.get("/web/");
        assertTrue(top.body().contains("id=\"logon\""), top.body());
        String csrf = PageClient.csrf(top);

        // a POST without the token, with a wrong one, or from another origin is refused before anything runs
        assertEquals(403, admin.post("/web/logon", Map.of()).statusCode());
        assertTrue(admin.post("/web/logon", Map.of("csrf", csrf.substring(1) + "A")).body().contains("refusal-form-expired"));
        assertEquals(403, admin.post("/web/logon", Map.of("csrf", csrf), "Origin", "https://evil.example").statusCode());

        Map<String, String> answer = cardAnswer(csrf, admin.post("/web/logon", Map.of("csrf", csrf)), contract, true);
        HttpResponse<String> granted = admin.post("/web/logon/second-step", answer);
        assertEquals(303, granted.statusCode(), granted.body());
        String sessionCookie = granted.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("__Host-kb-session="))
                .findFirst().orElseThrow();
        for (String attribute : List.of("Path=/", "Secure", "HttpOnly", "SameSite=Strict")) {
            assertTrue(sessionCookie.contains(attribute), sessionCookie);
        }
        assertFalse(granted.body().contains(contract.contractPin().withChars(String::new)));
        assertEquals("/web/admin/users", admin.get("/web/home").headers().firstValue("location").orElseThrow());
        assertEquals(200, admin.get("/web/admin/users").statusCode());

        // escaping: a user ID with markup is refused and shown back as text
        HttpResponse<String> markup = admin.post("/web/admin/users/register", Map.of("csrf", csrf,
                "userId", "<script>alert(1)</script>", "confirmationPin", contract.confirmationPin().withChars(String::new)));
        assertEquals(400, markup.statusCode());
        assertTrue(markup.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !markup.body().contains("<script>"),
                markup.body());

        // ト and チ shown once, on a no-store page
        HttpResponse<String> registered = admin.post("/web/admin/users/register", Map.of("csrf", csrf, "userId", "U01",
                "confirmationPin", contract.confirmationPin().withChars(String::new)));
        assertEquals(200, registered.statusCode(), registered.body());
        assertEquals("no-store", registered.headers().firstValue("cache-control").orElseThrow());
        assertTrue(PageClient.field(registered.body(), SHOWN_PIN).matches("[0-9A-Za-z]{4,}"), registered.body());

        // the session cookie replayed from a connection with another certificate opens nothing
        KeyPair otherKeys = SoftwareKeys.ec();
        PageClient thief = new PageClient(bank.address(), bank.issuer().caChain(), Optional.of(SoftwareKeys.keyManager(otherKeys,
                adminCertificate)));
        PageClient noCertificate = new PageClient(bank.address(), bank.issuer().caChain(), Optional.empty());
        noCertificate.cookies.putAll(admin.cookies);
        HttpResponse<String> replayed = noCertificate.get("/web/admin/users");
        assertEquals(401, replayed.statusCode());
        assertTrue(replayed.body().contains("refusal-session-invalid"));
        assertTrue(thief.cookies.isEmpty());
        assertEquals(200, admin.get("/web/admin/users").statusCode(), "the holder's session is untouched");

        // English on request, remembered
        HttpResponse<String> english = admin.get("/web/admin/users?lang=en");
        assertTrue(english.body().contains("lang=\"en\"") && english.body().contains("Register a user"), english.body());
        assertTrue(admin.get("/web/admin/contract").body().contains("Contract information"));

        // logoff ends the session at the bank: the old cookie is refused afterwards
        String session = admin.cookies.get("__Host-kb-session");
        HttpResponse<String> loggedOff = admin.post("/web/logoff", Map.of("csrf", csrf));
        assertTrue(loggedOff.body().contains("id=\"logged-off\""), loggedOff.body());
        assertFalse(admin.cookies.containsKey("__Host-kb-session"));
        admin.cookies.put("__Host-kb-session", session);
        assertEquals(401, admin.get("/web/admin/users").statusCode());
    }

    @Test
    void aUserLogsOnFromTheTopPageInOneRequestWithEveryWrongPinCounted() {
        User user = registeredUser();
        PageClient browser = new PageClient(bank.address(), bank.issuer().caChain(), Optional.of(user.keyManager()));
        HttpResponse<String> top = browser.get("/web/?lang=en");
        assertTrue(top.body().contains("action=\"/web/logon/user\"") && top.body().contains("id=\"userPin\""), top.body());
        String csrf = PageClient.csrf(top);

        // the administrator's top page asks for nothing (card cells come on the next page), and its
        // certificate posted here anyway is refused before any secret is looked at
        PageClient admin = new PageClient(bank.address(), bank.issuer().caChain(),
                Optional.of(SoftwareKeys.keyManager(adminKeys, adminCertificate)));
        HttpResponse<String> adminTop = admin.get("/web/");
        assertFalse(adminTop.body().contains("id=\"userPin\""), adminTop.body());
        HttpResponse<String> notAUser = admin.post("/web/logon/user", Map.of("csrf", PageClient.csrf(adminTop),
                "userPin", user.pin()));
        assertEquals(403, notAUser.statusCode());
        assertTrue(notAUser.body().contains("refusal-not-a-user-certificate"), notAUser.body());

        assertTrue(browser.post("/web/logon/user", Map.of("csrf", csrf, "userPin", "000000")).body()
                .contains("refusal-credentials-rejected"));
        HttpResponse<String> granted = browser.post("/web/logon/user", Map.of("csrf", csrf, "userPin", user.pin()));
        assertEquals(303, granted.statusCode(), granted.body());
        assertFalse(granted.body().contains(user.pin()));
        assertEquals("/web/status", browser.get("/web/home").headers().firstValue("location").orElseThrow());
        assertTrue(browser.get("/web/status").body().contains("U01"));
        assertEquals(0, rows("logon_attempt"), "no pending logon was stored");

        // five wrong answers lock the user (the right one before cleared the count); then the right
        // PIN is refused unchecked
        for (int wrong = 1; wrong <= 5; wrong++) {
            HttpResponse<String> refused = browser.post("/web/logon/user", Map.of("csrf", csrf, "userPin", "000000"));
            assertTrue(refused.body().contains(wrong < 5 ? "refusal-credentials-rejected" : "refusal-account-locked"),
                    wrong + ": " + refused.body());
        }
        HttpResponse<String> locked = browser.post("/web/logon/user", Map.of("csrf", csrf, "userPin", user.pin()));
        assertEquals(403, locked.statusCode());
        assertTrue(locked.body().contains("refusal-account-locked"), locked.body());
    }

    @Test
    void theUserStatusPageGivesTheManualsRenewalNoticesAndTheNextStep() {
        User user = registeredUser();

        // fresh: no notice, renewal opens 30 days before expiry
        String fresh = userStatus(user);
        assertFalse(fresh.contains("id=\"renewal-notice\""), fresh);
        assertTrue(fresh.contains("Renewal opens on"), fresh);
        // the manual's notices at 40, 30 and 10 days; from 30 days on, renew now
        Instant notAfter = user.certificate().getNotAfter().toInstant();
        for (int[] point : new int[][] {{35, 40}, {25, 30}, {5, 10}}) {
            bank.advance(Duration.between(bank.now(), notAfter.minus(Duration.ofDays(point[0])).minusSeconds(3600)));
            String page = userStatus(user);
            assertTrue(page.contains("expires in less than " + point[1] + " days"), page);
            assertTrue(page.contains("can be renewed now") == point[0] <= 30, page);
        }
    }

    @Test
    void anAdministratorWithTotpEnrolledMayAnswerWithItInsteadOfTheCard() {
        BankClient adminApi = bank.client(SoftwareKeys.keyManager(adminKeys, adminCertificate));
        BankApi.SecondStep step = adminApi.logonWithCertificate();
        String session = adminApi.completeWithCard(step.attempt(), contract.contractPin().copy(),
                BankStoryTest.cardDigits(contract.card(), step.cardCells())).session();
        BankApi.TotpEnrolment enrolment = adminApi.enrolTotp(session, contract.confirmationPin().copy());
        TotpKey key = new TotpKey(TotpOverHttpsTest.base32(enrolment.base32Seed().withChars(String::new)), TotpAlgorithm.SHA1);
        Totp totp = new Totp();

        PageClient admin = new PageClient(bank.address(), bank.issuer().caChain(),
                Optional.of(SoftwareKeys.keyManager(adminKeys, adminCertificate)));
        String csrf = PageClient.csrf(admin.get("/web/"));
        HttpResponse<String> second = admin.post("/web/logon", Map.of("csrf", csrf));
        assertTrue(second.body().contains("id=\"totp-form\""), second.body());
        HttpResponse<String> granted = admin.post("/web/logon/second-step", Map.of("csrf", csrf, "kind", "totp",
                "attempt", PageClient.field(second.body(), ATTEMPT), "contractPin", contract.contractPin().withChars(String::new),
                "totp", totp.codeAt(key, totp.stepAt(bank.now()))));
        assertEquals(303, granted.statusCode(), granted.body());
        assertEquals(200, admin.get("/web/admin/contract").statusCode());
    }

    /**
     * The fields of the administrator's second-step form on {@code page}: the right イ and the
     * card's digits for the cells it asks, right or each one off by one.
     */
    static Map<String, String> cardAnswer(String csrf, HttpResponse<String> page, BankApi.OpenedContract contract, boolean right) {
        assertEquals(200, page.statusCode(), page.body());
        String cells = PageClient.field(page.body(), CELLS);
        Map<String, String> answer = new LinkedHashMap<>(Map.of("csrf", csrf, "attempt", PageClient.field(page.body(), ATTEMPT),
                "kind", "card", "cells", cells, "contractPin", contract.contractPin().withChars(String::new)));
        for (String cell : cells.split(" ", -1)) {
            String digits = BankStoryTest.cardDigits(contract.card(), List.of(cell)).withChars(String::new);
            answer.put("cell-" + cell, right ? digits : digits.chars().map(d -> '0' + (d - '0' + 1) % 10)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
        }
        return answer;
    }

    /** The status page in English, after a fresh page logon with ト: the two steps the administrator takes, for a user. */
    private String userStatus(User user) {
        PageClient browser = new PageClient(bank.address(), bank.issuer().caChain(), Optional.of(user.keyManager()));
        String csrf = PageClient.csrf(browser.get("/web/?lang=en"));
        HttpResponse<String> second = browser.post("/web/logon", Map.of("csrf", csrf));
        HttpResponse<String> granted = browser.post("/web/logon/second-step", Map.of("csrf", csrf, "kind", "user",
                "attempt", PageClient.field(second.body(), ATTEMPT), "userPin", user.pin()));
        assertEquals(303, granted.statusCode(), granted.body());
        assertEquals("/web/status", browser.get("/web/home").headers().firstValue("location").orElseThrow());
        return browser.get("/web/status").body();
    }

    /** U01 of the contract, registered and authorised by its administrator, with a certificate for a software key. */
    private User registeredUser() {
        BankClient adminApi = bank.client(SoftwareKeys.keyManager(adminKeys, adminCertificate));
        BankApi.SecondStep step = adminApi.logonWithCertificate();
        String session = adminApi.completeWithCard(step.attempt(), contract.contractPin().copy(),
                BankStoryTest.cardDigits(contract.card(), step.cardCells())).session();
        BankApi.RegisteredUser u1 = adminApi.registerUser(session, "U01", contract.confirmationPin().copy());
        adminApi.authoriseUser(session, "U01", contract.confirmationPin().copy(), Optional.empty());
        KeyPair userKeys = SoftwareKeys.ec();
        BankApi.IssuedCertificate issued = bank.anonymous().acquireUser(new BankApi.UserAcquisition(contract.contractId(), "U01",
                u1.userPin().copy(), u1.userConfirmationPin().copy(), BankClient.base64(SoftwareKeys.csr(userKeys)),
                new BankApi.TokenDescription("PKCS11", "test", "2"), null));
        return new User(userKeys, BankClient.certificate(issued), u1.userPin().withChars(String::new));
    }

    private record User(KeyPair keys, X509Certificate certificate, String pin) {
        X509KeyManager keyManager() {
            return SoftwareKeys.keyManager(keys, certificate);
        }
    }

    private int rows(String table) {
        return bank.logonDatabase().inTransaction(c -> {
            try (var st = c.createStatement(); var r = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                r.next();
                return r.getInt(1);
            }
        });
    }
}
