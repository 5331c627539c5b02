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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * {@link TokenKeyManager}), then what a browser does: {@code GET /web/} (CSRF cookie), ト by
 * {@code POST /web/logon/user} (303 and the session cookie), {@code GET /web/status}; beside it
 * the same logon in the administrator's two steps ({@code POST /web/logon}, then
 * {@code POST /web/logon/second-step}), with the server's CPU per logon for each. Then the render
 * cost of each page: the precompiled jte template alone, with representative values, in the
 * bank's Japanese.
 *
 * <pre>benchmarks/run pages [--seconds 10 --clients 1,4 --rounds 1]</pre>
 */
public final class PageLogonBenchmark implements Benchmark {

    private static final Pattern ATTEMPT = Pattern.compile("name=\"attempt\" value=\"([^\"]+)\"");

    /** The two ways through the pages a user can log on. */
    private enum Flow {
        /** {@code GET /web/}, {@code POST /web/logon/user} with ト: the top page asks for ト (II-2 in one request). */
        ONE_REQUEST("top page with ト (POST /web/logon/user)"),
        /** {@code GET /web/}, {@code POST /web/logon}, {@code POST /web/logon/second-step} with ト: the administrator's way. */
        TWO_STEPS("two steps (POST /web/logon, then /web/logon/second-step)");

        final String label;

        Flow(String label) {
            this.label = label;
        }
    }

    @Override
    public void run(List<String> args) throws Exception {
        int seconds = 10;
        int rounds = 1;
        List<Integer> clients = List.of(1, 4);
        for (int i = 0; i < args.size(); i += 2) {
            String value = i + 1 < args.size() ? args.get(i + 1) : "";
            switch (args.get(i)) {
                case "--seconds" -> seconds = Integer.parseInt(value);
                case "--clients" -> clients = Arrays.stream(value.split(",")).map(Integer::parseInt).toList();
                case "--rounds" -> rounds = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args.get(i)
                        + "; --seconds N, --clients 1,4, --rounds N");
            }
        }
        TokenProvider.install();
        TlsEcdsa.useBouncyCastle();
        // The shipped verifiers: token-keyed HMAC-SHA256 (the hash setting is only for verifiers made before)
        HashParameters hash = HashParameters.testing();
        System.out.printf(Locale.ROOT, "%n# Page logons: %d cores, Java %s, token-keyed verifiers, %d s per run, load average %s"
                + " at %s%n%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), seconds,
                ThreadCpu.loadAverage(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
        int users = clients.stream().mapToInt(Integer::intValue).max().orElse(1);
        try (BenchBank bank = new BenchBank(users, hash, true)) {
            for (Flow flow : Flow.values()) {
                load(bank, flow, users, 5); // JIT warm-up, not counted
            }
            System.out.println("| round | flow | clients | page logons | logons/s | p50 ms | p99 ms | server CPU µs/logon "
                    + "| of which kernel |");
            System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
            for (int round = 1; round <= rounds; round++) {
                List<Flow> flows = new ArrayList<>(List.of(Flow.values()));
                if (round % 2 == 0) {
                    Collections.reverse(flows); // each flow goes first in every other round
                }
                for (int n : clients) {
                    for (Flow flow : flows) {
                        LogonLoad.Result result = load(bank, flow, n, seconds);
                        System.out.printf(Locale.ROOT, "| %d | %s | %d | %d | %.1f | %.1f | %.1f | %.0f | %.0f |%n", round,
                                flow.label, n, result.logons(), result.perSecond(), result.p50(), result.p99(),
                                result.serverCpuMicrosPerLogon(), result.serverKernelMicrosPerLogon());
                    }
                }
            }
        }
        renderCost();
    }

    /** {@code clients} threads logging on through the pages in {@code flow} (one user and token each) for {@code seconds}. */
    private static LogonLoad.Result load(BenchBank bank, Flow flow, int clients, int seconds) throws Exception {
        return LogonLoad.measure(clients, LogonLoad.Duration.fixed(seconds), LogonLoad.ServerCpu.bankInThisJvm(), c -> {
            BenchBank.BenchUser user = bank.users.get(c);
            TokenKeyManager keys = new TokenKeyManager(user.session(), List.of());
            return () -> pageLogon(bank, keys, user, flow);
        }, Optional.empty());
    }

    /** One page logon on a new connection (a full mutual-TLS handshake), as a browser makes it, then the status page. */
    private static void pageLogon(BenchBank bank, TokenKeyManager keys, BenchBank.BenchUser user, Flow flow) {
        HttpClient http = HttpClient.newBuilder().sslContext(BankClient.tls(bank.caChain(), Optional.of(keys)))
                .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
        Map<String, String> cookies = new LinkedHashMap<>();
        String top = send(http, bank.base.resolve("/web/"), null, cookies).body();
        String csrf = cookies.get("__Host-kb-csrf");
        String pin = user.userPin().withChars(String::new);
        HttpResponse<String> granted;
        if (flow == Flow.ONE_REQUEST) {
            if (!top.contains("action=\"/web/logon/user\"")) {
                throw new IllegalStateException("the top page asks for no user PIN");
            }
            granted = send(http, bank.base.resolve("/web/logon/user"), Map.of("csrf", csrf, "userPin", pin), cookies);
        } else {
            String second = send(http, bank.base.resolve("/web/logon"), Map.of("csrf", csrf), cookies).body();
            Matcher attempt = ATTEMPT.matcher(second);
            if (!attempt.find()) {
                throw new IllegalStateException("no second step");
            }
            granted = send(http, bank.base.resolve("/web/logon/second-step"), Map.of("csrf", csrf, "kind", "user",
                    "attempt", attempt.group(1), "userPin", pin), cookies);
        }
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
        pages.put("top.jte", Map.of("certificate", "CN=0123456789U010042", "user", true));
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
