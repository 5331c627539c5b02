package keybound.bench.logon;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import keybound.bench.Benchmark;
import keybound.credentials.HashParameters;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.ContractUser;
import keybound.issuer.contract.UserId;
import keybound.issuer.contract.UserStatus;
import keybound.server.TlsEcdsa;
import keybound.bankapi.client.BankClient;
import keybound.server.web.CertificateView;
import keybound.server.web.Frame;
import keybound.server.web.Lang;
import keybound.server.web.ShownOnce;
import keybound.server.web.Texts;
import keybound.token.jca.TokenKeyManager;
import keybound.token.jca.TokenProvider;

/**
 * The web pages under load, without a browser: each logon is a new TLS connection with a full
 * mutual-TLS handshake (the user's key on its own SoftHSM token signing through
 * {@link TokenKeyManager}), then what a browser does: {@code GET /web/} (CSRF cookie),
 * {@code POST /web/logon}, {@code POST /web/logon/second-step} with ト (303 and the session
 * cookie), {@code GET /web/status}. Then the render cost of each page: the precompiled jte
 * template alone, with representative values, in the bank's Japanese.
 *
 * <pre>benchmarks/run pages [--seconds 10 --clients 1,4]</pre>
 */
public final class PageLogonBenchmark implements Benchmark {

    private static final Pattern ATTEMPT = Pattern.compile("name=\"attempt\" value=\"([^\"]+)\"");

    @Override
    public void run(List<String> args) throws Exception {
        int seconds = 10;
        List<Integer> clients = List.of(1, 4);
        for (int i = 0; i < args.size(); i += 2) {
            String value = i + 1 < args.size() ? args.get(i + 1) : "";
            switch (args.get(i)) {
                case "--seconds" -> seconds = Integer.parseInt(value);
                case "--clients" -> clients = Arrays.stream(value.split(",")).map(Integer::parseInt).toList();
                default -> throw new IllegalArgumentException("unknown option " + args.get(i) + "; --seconds N, --clients 1,4");
            }
        }
        TokenProvider.install();
        TlsEcdsa.useBouncyCastle();
        HashParameters hash = new HashParameters(1024, 1, 1);
        System.out.printf(Locale.ROOT, "%n# Page logons: %d cores, Java %s, hash m=1024 KiB t=1 p=1, %d s per run, load average %s"
                + " at %s%n%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), seconds,
                ThreadCpu.loadAverage(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
        int users = clients.stream().mapToInt(Integer::intValue).max().orElse(1);
        try (BenchBank bank = new BenchBank(users, hash, false)) {
            run(bank, users, 3); // JIT warm-up, not counted
            System.out.println("| clients | page logons | logons/s | p50 ms | p99 ms |");
            System.out.println("|---:|---:|---:|---:|---:|");
            for (int n : clients) {
                List<Long> latencies = run(bank, n, seconds);
                long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
                System.out.printf(Locale.ROOT, "| %d | %d | %.1f | %.1f | %.1f |%n", n, sorted.length,
                        sorted.length / (double) seconds, sorted[sorted.length / 2] / 1e6,
                        sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] / 1e6);
            }
        }
        renderCost();
    }

    /** {@code clients} threads logging on through the pages for {@code seconds}; each logon's latency in ns. */
    private static List<Long> run(BenchBank bank, int clients, int seconds) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        List<Long> latencies = new ArrayList<>();
        AtomicLong failures = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            BenchBank.BenchUser user = bank.users.get(c);
            TokenKeyManager keys = new TokenKeyManager(user.session(), List.of());
            Thread thread = new Thread(() -> {
                while (!stop.get()) {
                    long start = System.nanoTime();
                    try {
                        pageLogon(bank, keys, user);
                        synchronized (latencies) {
                            latencies.add(System.nanoTime() - start);
                        }
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                    }
                }
            }, "page-client-" + c);
            threads.add(thread);
            thread.start();
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " page logons failed");
        }
        return latencies;
    }

    private static void pageLogon(BenchBank bank, TokenKeyManager keys, BenchBank.BenchUser user) {
        HttpClient http = HttpClient.newBuilder().sslContext(BankClient.tls(bank.caChain(), Optional.of(keys)))
                .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
        Map<String, String> cookies = new LinkedHashMap<>();
        send(http, bank.base.resolve("/web/"), null, cookies);
        String csrf = cookies.get("__Host-kb-csrf");
        String second = send(http, bank.base.resolve("/web/logon"), Map.of("csrf", csrf), cookies).body();
        Matcher attempt = ATTEMPT.matcher(second);
        if (!attempt.find()) {
            throw new IllegalStateException("no second step");
        }
        HttpResponse<String> granted = send(http, bank.base.resolve("/web/logon/second-step"), Map.of("csrf", csrf, "kind", "user",
                "attempt", attempt.group(1), "userPin", user.userPin().withChars(String::new)), cookies);
        if (granted.statusCode() != 303 || !cookies.containsKey("__Host-kb-session")) {
            throw new IllegalStateException("logon refused: " + granted.statusCode());
        }
        if (send(http, bank.base.resolve("/web/status"), null, cookies).statusCode() != 200) {
            throw new IllegalStateException("no status page");
        }
    }

    private static HttpResponse<String> send(HttpClient http, URI uri, Map<String, String> form, Map<String, String> cookies) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (!cookies.isEmpty()) {
            request.header("Cookie", String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        }
        if (form != null) {
            String body = String.join("&", form.entrySet().stream().map(e -> e.getKey() + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).toList());
            request.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String set : response.headers().allValues("set-cookie")) {
                String[] pair = set.split(";", 2)[0].split("=", 2);
                cookies.put(pair[0], pair[1]);
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Each template alone: median of 7 batches of 2000 renders after 20 000 warm-up renders, µs per page. */
    private static void renderCost() {
        TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);
        Frame frame = new Frame(Texts.of(Lang.JA), "x".repeat(43), "/web/?lang=en", Optional.of("利用者 U01（ご契約先 0123456789）"));
        CertificateView certificate = new CertificateView("3f2a9c0d1e4b5a6978877665544332211", "0123456789U010042", "USER", "U01",
                "GOOD", "2026-12-01 10:00 JST", "2027-12-01 10:00 JST", "PKCS11");
        List<CertificateView> certificates = List.of(certificate, certificate, certificate);
        List<ContractUser> contractUsers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            contractUsers.add(new ContractUser(new ContractId("0123456789"), new UserId("U" + i), UserStatus.ACTIVE, 0,
                    Optional.of(Instant.now())));
        }
        Map<String, Map<String, Object>> pages = new LinkedHashMap<>();
        pages.put("top.jte", Map.of("certificate", "CN=0123456789U010042"));
        pages.put("secondStepAdministrator.jte", Map.of("attempt", "a".repeat(43), "seconds", 180L, "cells", List.of("B2", "F7"),
                "totp", true));
        pages.put("secondStepUser.jte", Map.of("attempt", "a".repeat(43), "seconds", 180L));
        pages.put("users.jte", Map.of("users", contractUsers));
        pages.put("contract.jte", Map.of("contractId", "0123456789", "administratorCertificateIssued", true,
                "users", contractUsers, "certificates", certificates));
        Map<String, Object> status = new LinkedHashMap<>(Map.of("userId", "U01", "contractId", "0123456789",
                "certificates", certificates, "current", certificate, "daysLeft", 35L, "notice", 40, "renewalOpen", false,
                "renewalOpens", "2027-11-01 10:00 JST"));
        pages.put("status.jte", status);
        pages.put("userSecrets.jte", Map.of("what", "registered", "userId", "U01",
                "userPin", new ShownOnce("12345678".toCharArray()), "userConfirmationPin", new ShownOnce("87654321".toCharArray())));
        pages.put("refusal.jte", Map.of("key", "credentials-rejected", "code", "credentials-rejected", "shown", ""));
        System.out.println();
        System.out.println("| page (Japanese) | bytes | µs per render |");
        System.out.println("|---|---:|---:|");
        for (var page : pages.entrySet()) {
            Map<String, Object> values = new LinkedHashMap<>(page.getValue());
            values.put("f", frame);
            int bytes = 0;
            for (int i = 0; i < 20_000; i++) {
                bytes = render(engine, page.getKey(), values);
            }
            double[] batches = new double[7];
            for (int b = 0; b < batches.length; b++) {
                long start = System.nanoTime();
                for (int i = 0; i < 2000; i++) {
                    render(engine, page.getKey(), values);
                }
                batches[b] = (System.nanoTime() - start) / 2000.0 / 1000.0;
            }
            Arrays.sort(batches);
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f |%n", page.getKey(), bytes, batches[3]);
        }
    }

    private static int render(TemplateEngine engine, String template, Map<String, Object> values) {
        Utf8ByteOutput output = new Utf8ByteOutput();
        engine.render(template, values, output);
        return output.getContentLength();
    }
}
