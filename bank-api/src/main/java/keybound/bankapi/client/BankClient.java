package keybound.bankapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;
import keybound.bankapi.BankApi;
import keybound.bankapi.BankApi.Account;
import keybound.bankapi.ChallengeFormat;
import keybound.bankapi.EnrollmentNonce;
import keybound.bankapi.RenewalProof;
import keybound.token.AttestationStatement;
import keybound.token.Secret;
import keybound.token.TokenInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * A typed client for the bank's HTTPS API (docs/server.md): acquisition, both logon proofs, the
 * administrator's operations, the user's status page, renewal, CRL and OCSP. One instance is one
 * identity: the TLS client certificate comes from the {@link X509KeyManager} given at
 * construction (for keys on a token, e.g. {@code keybound.token.jca.TokenKeyManager}), and a
 * session is only accepted over connections that present the same certificate.
 *
 * <p>Every refusal is a {@link BankApiException} carrying the problem code; an unreachable bank
 * or a failed handshake is a {@link BankUnreachableException}. Secrets go in as {@link Secret}s
 * and are not kept (the caller closes them); answers holding secrets are {@link AutoCloseable}.
 */
public final class BankClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ApiTransport transport;
    private final String origin;

    private BankClient(ApiTransport transport, String origin) {
        this.transport = transport;
        this.origin = origin;
    }

    /**
     * A client for the bank {@code settings} name, trusting the server certificates its CA issues
     * and, if {@code clientKeys} is present, presenting a client certificate from it.
     */
    public static BankClient connect(BankSettings settings, Optional<X509KeyManager> clientKeys) {
        URI base = settings.base();
        SSLContext tls = tls(settings.trustAnchors(), clientKeys);
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        HttpClient http = HttpClient.newBuilder()
                .sslContext(tls)
                .sslParameters(parameters)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        URI root = base.getPath() == null || base.getPath().isEmpty() ? base.resolve("/") : base;
        return new BankClient(new ApiTransport(http, root, TIMEOUT), settings.origin());
    }

    /** {@code scheme://host[:port]}, what this client signs challenges for. */
    public String origin() {
        return origin;
    }

    // ---- public: health, CA, CRL, OCSP ------------------------------------------------------------

    /** {@code GET /health}: true if the bank answers "up". */
    public boolean healthy() {
        var answer = transport.json("GET", "health", null, Optional.empty(), JsonNode.class);
        return answer != null && "up".equals(answer.path("status").asText());
    }

    /** {@code GET /ca}: the bank CA chain, issuing CA first. */
    public List<X509Certificate> caChain() {
        return certificates(transport.json("GET", "ca", null, Optional.empty(), BankApi.CaChain.class).chain());
    }

    /** {@code GET /crl}: the current CRL (DER), signature not yet checked here. */
    public X509CRL crl() {
        byte[] der = transport.binary("GET", "crl", null, null, "application/pkix-crl");
        try {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new BankUnreachableException("the bank's CRL does not parse", e);
        }
    }

    /** {@code POST /ocsp}: an RFC 6960 request (DER) → the response (DER). */
    public byte[] ocsp(byte[] request) {
        return transport.binary("POST", "ocsp", request, "application/ocsp-request", "application/ocsp-response");
    }

    // ---- acquisition (manual I-2, II-1), renewal, migration ---------------------------------------

    /** Manual I-2: the administrator's certificate for A + イ + ロ + CSR. */
    public BankApi.IssuedCertificate acquireAdministrator(BankApi.AdministratorAcquisition request) {
        return transport.idempotentJson("acquire/administrator", request, request.requestId(), BankApi.IssuedCertificate.class);
    }

    /** Manual II-1: a user's certificate for A + ニ + ト + チ + CSR. */
    public BankApi.IssuedCertificate acquireUser(BankApi.UserAcquisition request) {
        return transport.idempotentJson("acquire/user", request, request.requestId(), BankApi.IssuedCertificate.class);
    }

    /** Whose certificate {@code certificate} is (A, ニ, role), as the bank registered it: asked before re-keying it. */
    public Account holder(X509Certificate certificate) {
        return transport.repeatableJson("renew/holder", new BankApi.CertificateRef(base64(certificate)), Optional.empty(), Account.class);
    }

    /**
     * Renewal or migration to a new key; the old certificate is superseded. Like the acquisitions,
     * a request with a request id is sent again when its answer is lost (see {@link BankApi}).
     */
    public BankApi.IssuedCertificate renew(BankApi.Renewal request) {
        return transport.idempotentJson("renew", request, request.requestId(), BankApi.IssuedCertificate.class);
    }

    // ---- logon ------------------------------------------------------------------------------------

    /** First proof, mutual TLS: the connection's client certificate. */
    public BankApi.SecondStep logonWithCertificate() {
        return transport.repeatableJson("logon/mtls", null, Optional.empty(), BankApi.SecondStep.class);
    }

    /** First proof, signed challenge: fetch a nonce, sign it for this client's origin, answer. */
    public BankApi.SecondStep logonWithSignedChallenge(X509Certificate certificate, ChallengeSigner signer) {
        BankApi.Challenge challenge = challenge();
        byte[] signature = signer.sign(toBeSigned(challenge));
        return answerChallenge(new BankApi.ChallengeAnswer(challenge.nonce(), base64(certificate),
                Base64.getEncoder().encodeToString(signature)));
    }

    /** {@code POST /logon/challenge}. */
    public BankApi.Challenge challenge() {
        return transport.repeatableJson("logon/challenge", null, Optional.empty(), BankApi.Challenge.class);
    }

    /** The bytes to sign for {@code challenge}, bound to this client's own idea of the origin. */
    public byte[] toBeSigned(BankApi.Challenge challenge) {
        try {
            return ChallengeFormat.toBeSigned(Base64.getUrlDecoder().decode(challenge.nonce()), origin, challenge.expiresAt());
        } catch (IllegalArgumentException e) {
            throw new BankUnreachableException("the bank sent a challenge that is not well formed", e);
        }
    }

    /** {@code POST /logon/challenge/answer}. */
    public BankApi.SecondStep answerChallenge(BankApi.ChallengeAnswer answer) {
        return transport.repeatableJson("logon/challenge/answer", answer, Optional.empty(), BankApi.SecondStep.class);
    }

    /**
     * II-2 in one request ({@code POST /logon/user}): the connection's certificate and ト, with no
     * pending logon in between. Users only: the administrator's card cells need the two steps. Not
     * sent again after a lost answer: a wrong ト would be counted twice.
     */
    public BankApi.Session logonAsUser(Secret userPin) {
        return transport.json("POST", "logon/user", new BankApi.UserLogon(userPin), Optional.empty(), BankApi.Session.class);
    }

    /** Second step for a user: ト. */
    public BankApi.Session completeWithUserPin(String attempt, Secret userPin) {
        return secondStep(new BankApi.SecondStepAnswer(attempt, userPin, null, null, null));
    }

    /** Second step for an administrator: イ and the digits of the asked card cells, in the order asked. */
    public BankApi.Session completeWithCard(String attempt, Secret contractPin, Secret cardDigits) {
        return secondStep(new BankApi.SecondStepAnswer(attempt, null, contractPin, cardDigits, null));
    }

    /** Second step for an administrator with TOTP enrolled: イ and the current code. */
    public BankApi.Session completeWithTotp(String attempt, Secret contractPin, Secret totp) {
        return secondStep(new BankApi.SecondStepAnswer(attempt, null, contractPin, null, totp));
    }

    /** ID/password logon (A + B + イ), only before the contract's first administrator certificate. */
    public BankApi.Session logonWithPassword(String contractId, Secret confirmationPassword, Secret contractPin) {
        return transport.json("POST", "logon/password", new BankApi.PasswordLogon(contractId, confirmationPassword, contractPin),
                Optional.empty(), BankApi.Session.class);
    }

    /** {@code GET /session}: the session's holder and timeouts (its id is not repeated). */
    public BankApi.Session session(String sessionId) {
        return transport.json("GET", "session", null, bearer(sessionId), BankApi.Session.class);
    }

    /** {@code POST /logoff}. */
    public void logoff(String sessionId) {
        transport.json("POST", "logoff", null, bearer(sessionId), null);
    }

    private BankApi.Session secondStep(BankApi.SecondStepAnswer answer) {
        return transport.repeatableJson("logon/second-step", answer, Optional.empty(), BankApi.Session.class);
    }

    // ---- administrator operations (manual I-3), an administrator session ---------------------------

    /** The contract's users. */
    public List<BankApi.UserEntry> users(String sessionId) {
        return transport.json("GET", "admin/users", null, bearer(sessionId), BankApi.Users.class).users();
    }

    /** Registers user ニ (needs ロ); the answer holds the user's initial ト and チ, once. */
    public BankApi.RegisteredUser registerUser(String sessionId, String userId, Secret confirmationPin) {
        return transport.json("POST", "admin/users/register", new BankApi.RegisterUser(userId, confirmationPin),
                bearer(sessionId), BankApi.RegisteredUser.class);
    }

    /** Issues user ニ a certificate authorisation (needs ロ), open until {@code expiresAt} (empty: the bank's maximum). */
    public BankApi.Authorisation authoriseUser(String sessionId, String userId, Secret confirmationPin,
            Optional<Instant> expiresAt) {
        return transport.json("POST", "admin/users/authorise",
                new BankApi.AuthoriseUser(userId, confirmationPin, expiresAt.map(Instant::getEpochSecond).orElse(null)),
                bearer(sessionId), BankApi.Authorisation.class);
    }

    /** Gives user ニ new initial ト and チ (needs ロ); the answer shows them once. Clears the user's lockout. */
    public BankApi.RegisteredUser resetUserSecrets(String sessionId, String userId, Secret confirmationPin) {
        return transport.json("POST", "admin/users/reset", new BankApi.ChangeUser(userId, confirmationPin), bearer(sessionId),
                BankApi.RegisteredUser.class);
    }

    /** Suspends user ニ (needs ロ): logon and acquisition refused until resumed. False if already suspended. */
    public boolean suspendUser(String sessionId, String userId, Secret confirmationPin) {
        return transport.json("POST", "admin/users/suspend", new BankApi.ChangeUser(userId, confirmationPin), bearer(sessionId),
                BankApi.Changed.class).changed();
    }

    /** Resumes a suspended user ニ (needs ロ). False if not suspended. */
    public boolean resumeUser(String sessionId, String userId, Secret confirmationPin) {
        return transport.json("POST", "admin/users/resume", new BankApi.ChangeUser(userId, confirmationPin), bearer(sessionId),
                BankApi.Changed.class).changed();
    }

    /** Revokes user ニ's current certificate(s); the serials revoked. */
    public List<String> revokeUser(String sessionId, String userId) {
        return transport.json("POST", "admin/users/revoke", new BankApi.UserRef(userId), bearer(sessionId),
                BankApi.Revoked.class).serials();
    }

    /** Enrols a TOTP authenticator for the administrator (needs ロ); the seed is shown once. Replaces any earlier one. */
    public BankApi.TotpEnrolment enrolTotp(String sessionId, Secret confirmationPin) {
        return transport.json("POST", "admin/totp/enrol", new BankApi.TotpRequest(confirmationPin), bearer(sessionId),
                BankApi.TotpEnrolment.class);
    }

    /** Removes the administrator's TOTP authenticator (needs ロ); the customer card remains. */
    public boolean removeTotp(String sessionId, Secret confirmationPin) {
        return transport.json("POST", "admin/totp/remove", new BankApi.TotpRequest(confirmationPin), bearer(sessionId),
                BankApi.Changed.class).changed();
    }

    /** The administrator's status page: users and certificates of the contract. */
    public BankApi.ContractStatus contractStatus(String sessionId) {
        return transport.json("GET", "admin/contract", null, bearer(sessionId), BankApi.ContractStatus.class);
    }

    // ---- the user's status page --------------------------------------------------------------------

    /** The user status page's data, in a user session. */
    public BankApi.UserStatus userStatus(String sessionId) {
        return transport.json("GET", "user/status", null, bearer(sessionId), BankApi.UserStatus.class);
    }

    // ---- back office -------------------------------------------------------------------------------

    /** The bank operators' API, authenticated with an operator key (kept by the caller, sent per request). */
    public BackOfficeClient backOffice(Secret operatorKey) {
        return new BackOfficeClient(transport, operatorKey);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** Base64 DER of a certificate, as the API carries it. */
    public static String base64(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate does not encode", e);
        }
    }

    /** Parses base64 DER certificates as the API carries them. */
    public static List<X509Certificate> certificates(List<String> base64Der) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (String b : base64Der) {
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(b))));
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new BankUnreachableException("the bank sent a certificate that does not parse", e);
        }
        return out;
    }

    /** How an acquisition reports the token the key was generated on. */
    public static BankApi.TokenDescription token(TokenInfo info) {
        return new BankApi.TokenDescription(info.kind().name(), info.model(), info.serial());
    }

    /** A card's attestation statement as the API carries it. */
    public static BankApi.Attestation attestation(AttestationStatement statement) {
        List<String> chain = new ArrayList<>();
        statement.chain().forEach(c -> chain.add(base64(c)));
        return new BankApi.Attestation(Base64.getEncoder().encodeToString(statement.signedData()),
                Base64.getEncoder().encodeToString(statement.signature()), chain);
    }

    /**
     * The nonce a card must attest a new key under for this enrollment: bound to the contract, the
     * user ({@code ""} for the administrator) and the CSR's public key, so a statement made for
     * one enrollment is refused in any other.
     */
    public static byte[] enrollmentNonce(String contractId, String userIdOrEmpty, byte[] csrDer) {
        try {
            var key = new PKCS10CertificationRequest(csrDer).getSubjectPublicKeyInfo();
            return EnrollmentNonce.forEnrollment(contractId, userIdOrEmpty, key);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a PKCS#10 request", e);
        }
    }

    /** What the current key signs to renew or migrate: see {@link BankApi.Renewal}. */
    public static byte[] renewalProofMessage(byte[] newCsrDer) {
        return RenewalProof.message(newCsrDer);
    }

    /** Base64 as the API carries binary values. */
    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The issued certificate of an acquisition answer. */
    public static X509Certificate certificate(BankApi.IssuedCertificate issued) {
        return certificates(List.of(issued.certificate())).get(0);
    }

    private static Optional<String> bearer(String sessionId) {
        return Optional.of("Bearer " + Objects.requireNonNull(sessionId, "sessionId"));
    }

    /** TLS trusting only {@code trustAnchors}, presenting a client certificate from {@code clientKeys} if given. */
    public static SSLContext tls(List<X509Certificate> trustAnchors, Optional<X509KeyManager> clientKeys) {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (X509Certificate anchor : trustAnchors) {
                trust.setCertificateEntry("bank-ca-" + i++, anchor);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(clientKeys.map(k -> new KeyManager[] {k}).orElse(null), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS for the bank client", e);
        }
    }
}
