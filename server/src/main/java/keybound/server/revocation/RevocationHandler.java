package keybound.server.revocation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import keybound.bankapi.ProblemDocument;
import keybound.issuer.Issuer;
import keybound.issuer.ca.OcspResponder;
import keybound.server.api.ApiProblem;
import keybound.server.api.BodyReader;
import keybound.server.api.JsonCodec;
import keybound.server.api.Router;
import keybound.server.issuer.RevocationApi;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.eclipse.jetty.http.HttpDateTime;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the plain-HTTP revocation listener serves, and nothing else: the issuing CA's CRL
 * ({@value #CRL}), the root's CRL ({@value #ROOT_CRL}), OCSP ({@value #OCSP}, RFC 6960: POST of
 * {@code application/ocsp-request}, or GET of {@value #OCSP}/ + the URL-encoded base64 request) and
 * the CA certificates ({@value #CA_CERTIFICATE}, {@value #ROOT_CERTIFICATE}). All of it is public
 * and signed, so it needs no TLS; nothing here reads a secret or sets a cookie. Any other path is 404.
 * Answers carry cache headers (RFC 5019 §6.2): {@code max-age} up to the CRL's or the OCSP
 * response's nextUpdate, {@code Last-Modified}, {@code Expires} and an {@code ETag}.
 */
final class RevocationHandler extends Handler.Abstract {

    private static final String CRL = RevocationListener.CRL_PATH;
    private static final String ROOT_CRL = RevocationListener.ROOT_CRL_PATH;
    private static final String OCSP = RevocationListener.OCSP_PATH;
    private static final String CA_CERTIFICATE = RevocationListener.CA_CERTIFICATE_PATH;
    private static final String ROOT_CERTIFICATE = RevocationListener.ROOT_CERTIFICATE_PATH;
    private static final String OCSP_REQUEST = "application/ocsp-request";
    /** An OCSP request is at most 16 KiB: it arrives in well under this, or the client is stalling a worker. */
    private static final Duration BODY_DEADLINE = Duration.ofSeconds(3);
    /** CA certificates change only with a new CA: a day in a cache is harmless. */
    private static final Duration CERTIFICATE_MAX_AGE = Duration.ofDays(1);
    private static final Logger LOG = LoggerFactory.getLogger(RevocationHandler.class);
    private static final JsonCodec JSON = new JsonCodec();

    private final Issuer issuer;
    private final Clock clock;
    private final BodyReader bodies = new BodyReader(OcspResponder.MAX_REQUEST_BYTES);

    RevocationHandler(Issuer issuer, Clock clock) {
        this.issuer = issuer;
        this.clock = clock;
    }

    /** One answer: status, media type, body and the validity that sets its cache headers (none for an error). */
    private record Answer(int status, String mediaType, byte[] body, Optional<Validity> validity) {

        static Answer status(int status) {
            return new Answer(status, "text/plain;charset=utf-8",
                    (HttpStatus.getMessage(status) + "\n").getBytes(StandardCharsets.UTF_8), Optional.empty());
        }

        /** A request body refused (too large, too slow, cut off): the API's problem document for it. */
        static Answer problem(ApiProblem problem) {
            return new Answer(problem.code().status(), ProblemDocument.MEDIA_TYPE,
                    JSON.write(ProblemDocument.of(problem.code(), problem.detail())), Optional.empty());
        }
    }

    /** When a served object was made and until when a cache may keep it. */
    private record Validity(Instant lastModified, Instant expires) {
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        boolean head = "HEAD".equals(method);
        String path = request.getHttpURI().getPath();
        if ("POST".equals(method) && OCSP.equals(path) && isOcspRequest(request)) {
            // Read as its bytes arrive: a slow client holds none of the listener's threads meanwhile.
            CompletableFuture<?> unused = bodies.within(request, BODY_DEADLINE).whenComplete((body, failure) -> {
                Answer answer;
                try {
                    // A POST answer is not cached (RFC 5019 §5): no validity, so no cache headers.
                    answer = failure != null ? Answer.problem(BodyReader.problem(failure))
                            : new Answer(200, OcspResponder.RESPONSE_TYPE, issuer.revocations().ocsp(body), Optional.empty());
                } catch (RuntimeException e) {
                    LOG.error("revocation listener failed on {} {}", method, path, e);
                    answer = Answer.status(HttpStatus.INTERNAL_SERVER_ERROR_500);
                }
                send(request, response, BodyReader.answering(request, response, failure, BODY_DEADLINE, callback), answer,
                        false);
            });
            return true;
        }
        Answer answer;
        try {
            answer = answer("GET".equals(method) || head ? "GET" : method, path == null ? "" : path);
        } catch (RuntimeException e) {
            LOG.error("revocation listener failed on {} {}", method, path, e);
            answer = Answer.status(HttpStatus.INTERNAL_SERVER_ERROR_500);
        }
        if (answer.status() == HttpStatus.METHOD_NOT_ALLOWED_405) {
            // OCSP itself takes POST (its GET form has the request in the path); the rest is GET only
            response.getHeaders().put(HttpHeader.ALLOW, Router.allowHeader(OCSP.equals(path) ? List.of("POST") : List.of("GET")));
        }
        send(request, response, callback, answer, head);
        return true;
    }

    private Answer answer(String method, String path) {
        if (path.startsWith(OCSP + "/") && "GET".equals(method)) {
            return ocspGet(path.substring(OCSP.length() + 1));
        }
        boolean known = switch (path) {
            case CRL, ROOT_CRL, CA_CERTIFICATE, ROOT_CERTIFICATE, OCSP -> true;
            default -> false;
        };
        if (!known) {
            return Answer.status(HttpStatus.NOT_FOUND_404);
        }
        if (OCSP.equals(path)) {
            // an OCSP request is taken by handle; a POST here has another media type
            return Answer.status("POST".equals(method) ? HttpStatus.UNSUPPORTED_MEDIA_TYPE_415 : HttpStatus.METHOD_NOT_ALLOWED_405);
        }
        if (!"GET".equals(method)) {
            return Answer.status(HttpStatus.METHOD_NOT_ALLOWED_405);
        }
        return switch (path) {
            case CRL -> crl(Optional.of(issuer.revocations().currentCrl(RevocationApi.CRL_REUSE)));
            case ROOT_CRL -> crl(issuer.revocations().currentRootCrl(RevocationApi.CRL_REUSE));
            case CA_CERTIFICATE -> certificate(issuer.caChain().get(0));
            default -> certificate(issuer.caChain().get(issuer.caChain().size() - 1));
        };
    }

    private Answer crl(Optional<X509CRL> crl) {
        if (crl.isEmpty()) {
            return Answer.status(HttpStatus.NOT_FOUND_404);
        }
        try {
            return new Answer(200, "application/pkix-crl", crl.get().getEncoded(), Optional.of(new Validity(
                    crl.get().getThisUpdate().toInstant(), crl.get().getNextUpdate().toInstant())));
        } catch (CRLException e) {
            throw new IllegalStateException("the CRL does not encode", e);
        }
    }

    private Answer certificate(X509Certificate certificate) {
        try {
            Instant now = clock.instant();
            return new Answer(200, "application/pkix-cert", certificate.getEncoded(),
                    Optional.of(new Validity(certificate.getNotBefore().toInstant(), now.plus(CERTIFICATE_MAX_AGE))));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("the CA certificate does not encode", e);
        }
    }

    private static boolean isOcspRequest(Request request) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        return type != null && type.toLowerCase(Locale.ROOT).startsWith(OCSP_REQUEST);
    }

    /** RFC 6960 appendix A.1: GET {url}/{url-encoding of base-64 encoding of the DER request}. */
    private Answer ocspGet(String encoded) {
        byte[] request;
        try {
            request = Base64.getDecoder().decode(percentDecoded(encoded));
        } catch (IllegalArgumentException e) {
            request = new byte[0]; // answered as malformedRequest by the responder
        }
        byte[] response = issuer.revocations().ocsp(request);
        return new Answer(200, OcspResponder.RESPONSE_TYPE, response, ocspValidity(response));
    }

    /** The thisUpdate and nextUpdate of a one-certificate response; empty for an error status or several certificates. */
    private static Optional<Validity> ocspValidity(byte[] response) {
        try {
            OCSPResp parsed = new OCSPResp(response);
            if (parsed.getStatus() != OCSPResp.SUCCESSFUL || !(parsed.getResponseObject() instanceof BasicOCSPResp basic)
                    || basic.getResponses().length != 1 || basic.getResponses()[0].getNextUpdate() == null) {
                return Optional.empty();
            }
            SingleResp single = basic.getResponses()[0];
            return Optional.of(new Validity(single.getThisUpdate().toInstant(), single.getNextUpdate().toInstant()));
        } catch (IOException | OCSPException e) {
            throw new IllegalStateException("the OCSP response just signed does not parse", e);
        }
    }

    /** Percent-decoding only: a '+' in base64 stays a '+' (form decoding would make it a space). */
    static String percentDecoded(String text) {
        var out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()) {
                out.write(Integer.parseInt(text, i + 1, i + 3, 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    private void send(Request request, Response response, Callback callback, Answer answer, boolean head) {
        var headers = response.getHeaders();
        int status = answer.status();
        if (answer.validity().isPresent()) {
            Validity validity = answer.validity().get();
            long maxAge = Math.max(0, Duration.between(clock.instant(), validity.expires()).toSeconds());
            String etag = etag(answer.body());
            headers.put(HttpHeader.CACHE_CONTROL, "public, no-transform, must-revalidate, max-age=" + maxAge);
            headers.put(HttpHeader.LAST_MODIFIED, HttpDateTime.format(validity.lastModified()));
            headers.put(HttpHeader.EXPIRES, HttpDateTime.format(validity.expires()));
            headers.put(HttpHeader.ETAG, etag);
            if (etag.equals(request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
                response.setStatus(HttpStatus.NOT_MODIFIED_304);
                response.write(true, null, callback);
                return;
            }
        } else {
            headers.put(HttpHeader.CACHE_CONTROL, "no-cache");
        }
        response.setStatus(status);
        headers.put(HttpHeader.CONTENT_TYPE, answer.mediaType());
        headers.put(HttpHeader.CONTENT_LENGTH, Long.toString(answer.body().length));
        response.write(true, head ? null : ByteBuffer.wrap(answer.body()), callback);
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
