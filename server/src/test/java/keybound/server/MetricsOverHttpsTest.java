package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BankApiException;
import keybound.bankapi.client.BankClient;
import keybound.server.fixture.BankFixture;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.token.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prometheus metrics of a whole bank ({@code metrics.listen.port}), scraped over plain HTTP on
 * loopback before and after real work over HTTPS: an administrator's acquisition, a logon with
 * the customer card, then wrong card digits until the contract locks; and the same logons
 * through the web pages, counted under the same labels.
 */
@ExtendWith(SoftHsmExtension.class)
class MetricsOverHttpsTest {

    @TempDir
    Path directory;

    @Test
    void countersMoveWithIssuanceLogonAndLockout() throws Exception {
        try (BankFixture bank = BankFixture.open(directory, "metrics.listen.port=0", "lockout.limit=3")) {
            URI metrics = URI.create("http://127.0.0.1:" + bank.assembly().metricsPort().orElseThrow() + "/metrics");
            String before = scrape(metrics);
            assertEquals(0.0, value(before, "keybound_logons_total", "result=\"granted\",step=\"second-step\""));

            BankFixture.Administrator administrator = bank.administrator();
            BankApi.OpenedContract contract = administrator.contract();
            BankClient admin = bank.client(administrator.keyManager());
            BankApi.SecondStep step = admin.logonWithCertificate();
            admin.completeWithCard(step.attempt(), contract.contractPin(), BankStoryTest.cardDigits(contract.card(), step.cardCells()));

            String during = scrape(metrics);
            assertEquals(1.0, value(during, "keybound_issuances_total", "kind=\"administrator\",result=\"issued\""));
            assertEquals(1.0, value(during, "keybound_issuance_seconds_count", "kind=\"administrator\""));
            assertEquals(1.0, value(during, "keybound_logons_total", "result=\"second-step\",step=\"mutual-tls\""));
            assertEquals(1.0, value(during, "keybound_logons_total", "result=\"granted\",step=\"second-step\""));
            assertEquals(1.0, value(during, "keybound_logon_seconds_count", "step=\"second-step\""));
            assertTrue(during.contains("keybound_logon_seconds_bucket{step=\"second-step\",le=\""), "a histogram, not a summary");
            assertEquals(0.0, value(during, "keybound_lockouts_total", "where=\"logon\""));

            // Three wrong answers lock the contract: two refused as wrong, the third says locked.
            for (int i = 0; i < 3; i++) {
                String attempt = admin.logonWithCertificate().attempt();
                BankApiException wrong = assertThrows(BankApiException.class,
                        () -> admin.completeWithCard(attempt, contract.contractPin(), Secret.of("0000")));
                assertEquals(i < 2 ? "credentials-rejected" : "account-locked", wrong.code());
            }
            String after = scrape(metrics);
            assertEquals(2.0, value(after, "keybound_logons_total", "result=\"credentials-rejected\",step=\"second-step\""));
            assertEquals(1.0, value(after, "keybound_logons_total", "result=\"account-locked\",step=\"second-step\""));
            assertEquals(1.0, value(after, "keybound_lockouts_total", "where=\"logon\""));
            assertEquals(404, HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics.resolve("/health")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode(), "nothing but metrics on this port");
        }
    }

    @Test
    void logonsThroughTheWebPagesAreCountedAsTheApisAre() throws Exception {
        try (BankFixture bank = BankFixture.open(directory, "metrics.listen.port=0", "lockout.limit=3")) {
            URI metrics = URI.create("http://127.0.0.1:" + bank.assembly().metricsPort().orElseThrow() + "/metrics");
            BankFixture.Administrator administrator = bank.administrator();
            BankApi.OpenedContract contract = administrator.contract();
            PageClient browser = new PageClient(bank.address(), bank.issuer().caChain(), Optional.of(administrator.keyManager()));
            String csrf = PageClient.csrf(browser.get("/web/"));

            HttpResponse<String> granted = browser.post("/web/logon/second-step",
                    WebPagesTest.cardAnswer(csrf, browser.post("/web/logon", Map.of("csrf", csrf)), contract, true));
            assertEquals(303, granted.statusCode(), granted.body());
            String during = scrape(metrics);
            assertEquals(1.0, value(during, "keybound_logons_total", "result=\"second-step\",step=\"mutual-tls\""));
            assertEquals(1.0, value(during, "keybound_logons_total", "result=\"granted\",step=\"second-step\""));
            assertEquals(1.0, value(during, "keybound_logon_seconds_count", "step=\"second-step\""));

            for (int i = 0; i < 3; i++) {
                HttpResponse<String> wrong = browser.post("/web/logon/second-step",
                        WebPagesTest.cardAnswer(csrf, browser.post("/web/logon", Map.of("csrf", csrf)), contract, false));
                assertTrue(wrong.body().contains(i < 2 ? "id=\"refusal-credentials-rejected\"" : "id=\"refusal-account-locked\""),
                        wrong.body());
            }
            HttpResponse<String> refused = browser.post("/web/logon", Map.of("csrf", csrf));
            assertTrue(refused.body().contains("id=\"refusal-account-locked\""), refused.body());
            String after = scrape(metrics);
            assertEquals(4.0, value(after, "keybound_logons_total", "result=\"second-step\",step=\"mutual-tls\""));
            assertEquals(1.0, value(after, "keybound_logons_total", "result=\"account-locked\",step=\"mutual-tls\""));
            assertEquals(2.0, value(after, "keybound_logons_total", "result=\"credentials-rejected\",step=\"second-step\""));
            assertEquals(1.0, value(after, "keybound_logons_total", "result=\"account-locked\",step=\"second-step\""));
            assertEquals(1.0, value(after, "keybound_lockouts_total", "where=\"logon\""));
        }
    }

    static String scrape(URI metrics) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        return response.body();
    }

    /** A sample's value, 0 when the series does not exist yet (a counter never incremented). */
    static double value(String exposition, String name, String labels) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels + "}") + " (\\S+)$").matcher(exposition);
        return sample.find() ? Double.parseDouble(sample.group(1)) : 0.0;
    }
}
