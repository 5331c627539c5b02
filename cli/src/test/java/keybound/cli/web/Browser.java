package keybound.cli.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import keybound.server.wiring.CaCreation;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its own chromedriver, as a customer's browser: a HOME of
 * its own whose NSS database ({@code $HOME/.pki/nssdb}) trusts the bank CA and, if given, has the
 * customer's token loaded through the {@link LoginForwarder}; a fresh profile whose preferences
 * ask for Japanese first and pick the bank's certificate by themselves ({@code auto_select_certificate},
 * the preference behind Chrome's AutoSelectCertificateForUrls policy), so no dialog is needed.
 */
final class Browser implements AutoCloseable {

    /** A token the browser should use: where SoftHSM keeps it, its label and its PIN. */
    record Token(Path softHsmConfig, String label, String pin) {
    }

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    /** Generous: a page of a loaded 2-core machine (not a speed target). */
    private static final Duration NAVIGATION = Duration.ofSeconds(60);

    private final ChromeDriver driver;
    private final URI bank;
    private final Path screens;

    private Browser(ChromeDriver driver, URI bank, Path screens) {
        this.driver = driver;
        this.bank = bank;
        this.screens = screens;
    }

    /** A browser in {@code home} (created), for the bank at {@code bank}, with {@code token} loaded if present. */
    static Browser open(Path home, URI bank, List<X509Certificate> bankCa, Optional<Token> token, Path screens) {
        try {
            Path nssdb = Files.createDirectories(home.resolve(".pki/nssdb"));
            Map<String, String> environment = new HashMap<>(Map.of("HOME", home.toString()));
            token.ifPresent(t -> environment.putAll(LoginForwarder.environment(t.softHsmConfig(), t.label(), t.pin())));
            String db = "sql:" + nssdb;
            Processes.run(environment, List.of("certutil", "-N", "-d", db, "--empty-password"));
            for (int i = 0; i < bankCa.size(); i++) {
                Path pem = Files.writeString(home.resolve("bank-ca-" + i + ".pem"), CaCreation.pem(List.of(bankCa.get(i))));
                // the last of the chain is the root: a trust anchor for TLS servers; the others are only intermediates
                String trust = i == bankCa.size() - 1 ? "C,," : ",,";
                Processes.run(environment, List.of("certutil", "-A", "-d", db, "-n", "keybound bank CA " + i, "-t", trust,
                        "-a", "-i", pem.toString()));
            }
            if (token.isPresent()) {
                Processes.run(environment, List.of("modutil", "-dbdir", db, "-add", "keybound token",
                        "-libfile", LoginForwarder.library().toString(), "-force"));
            }
            Path profile = Files.createDirectories(home.resolve("chromium/Default"));
            String origin = bank.getScheme() + "://" + bank.getHost() + ":" + bank.getPort();
            Files.writeString(profile.resolve("Preferences"), """
                    {"intl": {"accept_languages": "ja,en-US"},
                     "profile": {"content_settings": {"exceptions": {"auto_select_certificate": {
                       "%s,*": {"setting": {"filters": [{}]}}}}}}}
                    """.formatted(origin));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                    .usingAnyFreePort()
                    .withEnvironment(environment)
                    .build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1024,900", "--user-data-dir=" + home.resolve("chromium"));
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(NAVIGATION);
            Files.createDirectories(screens);
            return new Browser(driver, bank, screens);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Opens a page of the bank by path. */
    Browser go(String path) {
        driver.get(bank.resolve(path).toString());
        return this;
    }

    WebElement find(String cssSelector) {
        return driver.findElement(By.cssSelector(cssSelector));
    }

    boolean has(String cssSelector) {
        return !driver.findElements(By.cssSelector(cssSelector)).isEmpty();
    }

    Browser type(String cssSelector, CharSequence text) {
        WebElement field = find(cssSelector);
        field.clear();
        field.sendKeys(text);
        return this;
    }

    /**
     * Clicks a link or a submit button and waits for the next page (every click on these pages
     * navigates): the old document gone, then the new one loaded, so that what follows never finds
     * an element of a document being swapped out.
     */
    Browser click(String cssSelector) {
        WebElement page = find("html");
        find(cssSelector).click();
        new WebDriverWait(driver, NAVIGATION).until(unused -> gone(page));
        // while documents swap, the script may find no document to run in: asked again
        new WebDriverWait(driver, NAVIGATION).ignoring(WebDriverException.class)
                .until(unused -> "complete".equals(driver.executeScript("return document.readyState")));
        return this;
    }

    /**
     * Whether the old page's root element is gone. Chromium reports a replaced document either as a
     * stale element or, while it swaps documents, as a node that "does not belong to the document";
     * both mean the navigation happened.
     */
    private static boolean gone(WebElement page) {
        try {
            page.isEnabled();
            return false;
        } catch (WebDriverException e) {
            return true;
        }
    }

    String text(String cssSelector) {
        return find(cssSelector).getText();
    }

    String lang() {
        return find("html").getAttribute("lang");
    }

    /** Saves this page as {@code <name>-<lang>.png}. */
    Browser shoot(String name) {
        try {
            Files.write(screens.resolve(name + "-" + lang() + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A page that can be fetched again: saved in its language, then in the other (by its switch link), then switched back. */
    Browser shootBoth(String name) {
        shoot(name);
        click("#lang-switch");
        shoot(name);
        click("#lang-switch");
        return this;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
