package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BackOfficeClient;
import keybound.bankapi.client.BankClient;
import keybound.server.fixture.BankFixture;
import keybound.server.fixture.SharedSoftHsm;
import keybound.server.wiring.BankAssembly;
import keybound.server.wiring.CaCreation;
import keybound.testkit.softhsm.SoftHsmEnvironment;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.testkit.softhsm.TokenSpec;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plain-HTTP revocation listener of a whole bank ({@code revocation.listen.port}, its CA made
 * with it configured), checked with real openssl: the CRL and OCSP addresses in a newly issued
 * certificate point at it, and the issuing CA's certificate at the root's CRL; {@code openssl ocsp
 * -url http://…} says good and then revoked; {@code openssl verify -crl_check_all} passes with the
 * CRLs fetched from the certificate's and the root's addresses, or downloaded by openssl itself
 * ({@code -crl_download}), fails without the root CRL, and fails after the revocation; answers are
 * cacheable; other paths are 404 and no answer sets a cookie.
 */
@ExtendWith(SoftHsmExtension.class)
class RevocationOverHttpTest {

    @TempDir
    Path directory;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<HttpResponse<byte[]>> answers = new ArrayList<>();
    private BankFixture bank;
    private String base;

    @BeforeEach
    void open() throws IOException {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        // A CA of this test's own, made as keybound bank create-ca makes it with the listener configured.
        TokenSpec token = SharedSoftHsm.freshToken("revocation-ca");
        Path caFile = Files.writeString(directory.resolve("ca.properties"), String.join("\n", "data.dir=" + directory,
                "ca.certificates=" + directory.resolve("ca"), "ca.module=" + SoftHsmEnvironment.current().module(),
                "ca.token-label=" + token.label(), "tls.keystore.path=" + directory.resolve("unused.p12"),
                "tls.keystore.password=unused", "tls.client-auth=none", "revocation.listen.port=" + port, ""));
        try (var creator = BankAssembly.of(caFile, Map.of(BankAssembly.CA_PIN, token.userPin()),
                Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC))) {
            creator.createCa("keybound revocation bank");
        }
        // BankFixture's explicit https URLs blanked: the defaults then point at the listener.
        bank = BankFixture.open(directory, "ca.token-label=" + token.label(), "ca.certificates=" + directory.resolve("ca"),
                "revocation.listen.port=" + port, "ca.crl-url=", "ca.ocsp-url=");
    }

    @AfterEach
    void close() {
        if (bank != null) {
            bank.close();
        }
    }

    @Test
    void opensslChecksOcspAndTheWholeChainsCrlsOverPlainHttp() throws Exception {
        BankApi.IssuedCertificate issued = administratorCertificate();
        X509Certificate user = BankClient.certificate(issued);
        assertEquals(List.of(base + "/crl"), crlUrls(user));
        assertEquals(base + "/ocsp", accessUrl(user, AccessDescription.id_ad_ocsp));
        assertEquals(base + "/ca.cer", accessUrl(user, AccessDescription.id_ad_caIssuers));

        List<X509Certificate> chain = bank.issuer().caChain();
        Path userPem = pem("user.pem", user);
        Path caPem = pem("ca.pem", chain.get(0));
        Path chainPem = Files.writeString(directory.resolve("chain.pem"), CaCreation.pem(chain));
        assertEquals(chain.get(0), certificate(get(accessUrl(user, AccessDescription.id_ad_caIssuers)).body()),
                "caIssuers serves the issuing CA");
        assertEquals(chain.get(1), certificate(get(base + "/root.cer").body()));

        String ocsp = openssl("ocsp", "-issuer", caPem.toString(), "-cert", userPem.toString(), "-CAfile",
                chainPem.toString(), "-url", accessUrl(user, AccessDescription.id_ad_ocsp)).ok();
        assertTrue(ocsp.contains("Response verify OK") && ocsp.contains(userPem + ": good"), ocsp);
        assertTrue(ocsp.contains("Next Update:"), "the OCSP response carries nextUpdate: " + ocsp);

        Path crls = fetchCrls(user);
        String verified = openssl("verify", "-crl_check_all", "-CAfile", chainPem.toString(), "-CRLfile", crls.toString(),
                userPem.toString()).ok();
        assertTrue(verified.contains(userPem + ": OK"), verified);
        // Every CRL fetched by openssl itself from the distribution points in the chain's certificates.
        assertEquals(List.of(base + "/root.crl"), crlUrls(chain.get(0)), "the issuing CA names the root's CRL");
        assertEquals(base + "/root.cer", accessUrl(chain.get(0), AccessDescription.id_ad_caIssuers));
        assertEquals(List.of(base + "/root.crl"), crlUrls(chain.get(1)), "-crl_check_all checks the root too");
        Path rootPem = pem("root.pem", chain.get(1));
        String downloaded = openssl("verify", "-crl_check_all", "-crl_download", "-CAfile", rootPem.toString(),
                "-untrusted", caPem.toString(), userPem.toString()).ok();
        assertTrue(downloaded.contains(userPem + ": OK"), downloaded);
        Path issuingCrlOnly = Files.writeString(directory.resolve("issuing-only.pem"), CaCreation.pem(List.of(crl(get(base + "/crl").body()))));
        Tool withoutRoot = openssl("verify", "-crl_check_all", "-CAfile", chainPem.toString(), "-CRLfile",
                issuingCrlOnly.toString(), userPem.toString());
        assertNotEquals(0, withoutRoot.exit(), "the issuing CA needs the root's CRL: " + withoutRoot.output());
        assertTrue(withoutRoot.output().contains("unable to get certificate CRL"), withoutRoot.output());

        try (BackOfficeClient operator = bank.operator()) {
            operator.revoke(issued.serial(), "KEY_COMPROMISE");
        }
        String revoked = openssl("ocsp", "-issuer", caPem.toString(), "-cert", userPem.toString(), "-CAfile",
                chainPem.toString(), "-url", base + "/ocsp").ok();
        assertTrue(revoked.contains(userPem + ": revoked") && revoked.contains("Reason: keyCompromise"), revoked);
        Tool refused = openssl("verify", "-crl_check_all", "-CAfile", chainPem.toString(), "-CRLfile",
                fetchCrls(user).toString(), userPem.toString());
        assertNotEquals(0, refused.exit(), refused.output());
        assertTrue(refused.output().contains("certificate revoked"), refused.output());
        Tool refusedByDownload = openssl("verify", "-crl_check_all", "-crl_download", "-CAfile", rootPem.toString(),
                "-untrusted", caPem.toString(), userPem.toString());
        assertTrue(refusedByDownload.exit() != 0 && refusedByDownload.output().contains("certificate revoked"),
                refusedByDownload.output());
        noCookies();
    }

    @Test
    void ocspByGetAndTheCrlAreCacheableAndNothingElseIsServed() throws Exception {
        X509Certificate user = BankClient.certificate(administratorCertificate());
        X509Certificate issuing = bank.issuer().caChain().get(0);
        var id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(issuing), user.getSerialNumber());
        byte[] request = new OCSPReqBuilder().addRequest(id).build().getEncoded();
        HttpResponse<byte[]> byGet = get(base + "/ocsp/" + URLEncoder.encode(Base64.getEncoder().encodeToString(request),
                StandardCharsets.US_ASCII));
        assertEquals(200, byGet.statusCode());
        assertEquals("application/ocsp-response", byGet.headers().firstValue("Content-Type").orElseThrow());
        var basic = (BasicOCSPResp) new OCSPResp(byGet.body()).getResponseObject();
        assertTrue(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(issuing)));
        assertEquals(null, basic.getResponses()[0].getCertStatus(), "good");
        long ocspAge = maxAge(byGet);
        assertTrue(ocspAge > 0 && ocspAge <= Duration.between(basic.getResponses()[0].getThisUpdate().toInstant(),
                basic.getResponses()[0].getNextUpdate().toInstant()).toSeconds(), "max-age up to nextUpdate: " + ocspAge);
        assertTrue(byGet.headers().firstValue("ETag").isPresent() && byGet.headers().firstValue("Last-Modified").isPresent()
                && byGet.headers().firstValue("Expires").isPresent(), byGet.headers().toString());

        HttpResponse<byte[]> crl = get(base + "/crl");
        X509CRL parsed = crl(crl.body());
        assertEquals("application/pkix-crl", crl.headers().firstValue("Content-Type").orElseThrow());
        long crlAge = maxAge(crl);
        assertTrue(crlAge > 0 && crlAge <= Duration.between(bank.now(), parsed.getNextUpdate().toInstant()).toSeconds() + 1,
                "max-age up to nextUpdate: " + crlAge);
        String etag = crl.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> again = send(HttpRequest.newBuilder(URI.create(base + "/crl")).header("If-None-Match", etag).build());
        assertEquals(304, again.statusCode(), "unchanged CRL: not modified");
        assertEquals(0, again.body().length);

        try (BackOfficeClient operator = bank.operator()) {
            operator.revoke(user.getSerialNumber().toString(16), "SUPERSEDED");
        }
        HttpResponse<byte[]> afterRevocation = send(HttpRequest.newBuilder(URI.create(base + "/crl"))
                .header("If-None-Match", etag).build());
        assertEquals(200, afterRevocation.statusCode(), "a revocation makes a new CRL at once");
        assertTrue(crl(afterRevocation.body()).isRevoked(user));
        var status = ((BasicOCSPResp) new OCSPResp(get(base + "/ocsp/" + URLEncoder.encode(
                Base64.getEncoder().encodeToString(request), StandardCharsets.US_ASCII)).body()).getResponseObject())
                .getResponses()[0].getCertStatus();
        assertTrue(status instanceof RevokedStatus, "OCSP by GET sees the revocation at once");

        for (String path : List.of("/acquire", "/health", "/bank/crl", "/", "/crl/../bank/contracts", "/logon/start")) {
            assertEquals(404, get(base + path).statusCode(), path);
        }
        HttpResponse<byte[]> post = send(HttpRequest.newBuilder(URI.create(base + "/bank/contracts"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build());
        assertEquals(404, post.statusCode());
        HttpResponse<byte[]> ocspWithoutRequest = get(base + "/ocsp");
        assertEquals(405, ocspWithoutRequest.statusCode(), "OCSP takes POST, or GET with a request");
        assertEquals("POST", ocspWithoutRequest.headers().firstValue("Allow").orElseThrow());
        HttpResponse<byte[]> postOfCrl = send(HttpRequest.newBuilder(URI.create(base + "/crl"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).header("Content-Type", "text/plain").build());
        assertEquals(405, postOfCrl.statusCode());
        assertEquals("GET, HEAD", postOfCrl.headers().firstValue("Allow").orElseThrow());
        HttpResponse<byte[]> head = send(HttpRequest.newBuilder(URI.create(base + "/crl"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
        assertEquals("application/pkix-crl", head.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(Long.parseLong(head.headers().firstValue("Content-Length").orElseThrow()) > 0);
        assertEquals(415, send(HttpRequest.newBuilder(URI.create(base + "/ocsp")).POST(HttpRequest.BodyPublishers
                .ofByteArray(request)).header("Content-Type", "application/json").build()).statusCode());
        // Refused by its size before any parsing, declared or chunked: 413 and its problem document,
        // which reaches the client even while it is still sending the body.
        for (OversizedBody.Framing framing : OversizedBody.Framing.values()) {
            HttpResponse<String> tooLarge = OversizedBody.post(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                    .build(), HttpRequest.newBuilder(URI.create(base + "/ocsp")).header("Content-Type",
                    "application/ocsp-request"), framing);
            assertEquals(413, tooLarge.statusCode(), framing + ": refused by its size before any parsing");
            assertEquals("application/problem+json", tooLarge.headers().firstValue("Content-Type").orElseThrow(), framing.name());
            assertTrue(tooLarge.body().contains("\"code\":\"body-too-large\""), tooLarge.body());
            assertTrue(tooLarge.headers().allValues("Set-Cookie").isEmpty(), framing.name());
        }
        HttpResponse<byte[]> garbage = get(base + "/ocsp/not-base64!");
        assertEquals(OCSPResp.MALFORMED_REQUEST, new OCSPResp(garbage.body()).getStatus());
        noCookies();
    }

    private BankApi.IssuedCertificate administratorCertificate() {
        return bank.administrator().issued();
    }

    /** The issuing CA's CRL from the certificate's own distribution point and the root's, as one PEM file. */
    private Path fetchCrls(X509Certificate user) throws Exception {
        X509CRL issuing = crl(get(crlUrls(user).get(0)).body());
        X509CRL root = crl(get(base + "/root.crl").body());
        issuing.verify(bank.issuer().caChain().get(0).getPublicKey());
        root.verify(bank.issuer().caChain().get(1).getPublicKey());
        return Files.writeString(Files.createTempFile(directory, "crls", ".pem"), CaCreation.pem(List.of(issuing, root)));
    }

    private void noCookies() {
        for (HttpResponse<byte[]> answer : answers) {
            assertFalse(answer.headers().firstValue("Set-Cookie").isPresent(), answer.uri() + " sets a cookie");
        }
        assertFalse(answers.isEmpty());
    }

    @Test
    void slowOcspRequestsHoldNoThreadOfTheListenerAndEachEndsIn408() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            // more than the listener's threads, each announcing an OCSP request and sending a byte of it
            for (int i = 0; i < 24; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), URI.create(base).getPort());
                slow.add(socket);
                socket.getOutputStream().write(("POST /ocsp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/ocsp-request\r\n"
                        + "Content-Length: 1000\r\n\r\n0").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
            }
            // well inside the 3 s an OCSP body has: a listener reading them on its threads would hold them all now
            Thread.sleep(1000);
            SlowBodyTest.assertNoThreadWaitsIn("revocation-http", "keybound.server.revocation.");
            for (int probe = 0; probe < 3; probe++) {
                assertEquals(200, get(base + "/crl").statusCode());
            }
            slow.get(0).setSoTimeout(30_000);
            String answer = new String(slow.get(0).getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    private HttpResponse<byte[]> get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).build());
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws Exception {
        HttpResponse<byte[]> answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        answers.add(answer);
        return answer;
    }

    private static long maxAge(HttpResponse<byte[]> answer) {
        String cache = answer.headers().firstValue("Cache-Control").orElseThrow();
        for (String part : cache.split(",", -1)) {
            if (part.strip().startsWith("max-age=")) {
                return Long.parseLong(part.strip().substring("max-age=".length()));
            }
        }
        throw new AssertionError("no max-age in " + cache);
    }

    private static List<String> crlUrls(X509Certificate certificate) {
        var points = CRLDistPoint.getInstance(ASN1OctetString.getInstance(
                certificate.getExtensionValue(Extension.cRLDistributionPoints.getId())).getOctets());
        List<String> urls = new ArrayList<>();
        for (var point : points.getDistributionPoints()) {
            for (GeneralName name : GeneralNames.getInstance(point.getDistributionPoint().getName()).getNames()) {
                urls.add(ASN1IA5String.getInstance(name.getName()).getString());
            }
        }
        return urls;
    }

    private static String accessUrl(X509Certificate certificate, ASN1ObjectIdentifier method) {
        var access = AuthorityInformationAccess.getInstance(ASN1OctetString.getInstance(
                certificate.getExtensionValue(Extension.authorityInfoAccess.getId())).getOctets());
        for (AccessDescription description : access.getAccessDescriptions()) {
            if (description.getAccessMethod().equals(method)) {
                return ASN1IA5String.getInstance(description.getAccessLocation().getName()).getString();
            }
        }
        throw new AssertionError("no " + method + " in the certificate");
    }

    private Path pem(String name, X509Certificate certificate) throws IOException {
        return Files.writeString(directory.resolve(name), CaCreation.pem(List.of(certificate)));
    }

    private static X509CRL crl(byte[] der) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    }

    private static X509Certificate certificate(byte[] der) throws Exception {
        assertNotNull(der);
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    /** An openssl run: its exit code and output (stdout and stderr together). */
    private record Tool(int exit, String output) {
        String ok() {
            if (exit != 0) {
                throw new AssertionError("openssl exit " + exit + ":\n" + output);
            }
            return output;
        }
    }

    private static Tool openssl(String... arguments) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("openssl did not finish: " + command);
            }
            return new Tool(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run openssl (is it installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
