package keybound.server.issuer;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import keybound.issuer.refusal.InvalidRequestException;
import keybound.issuer.IssuedCertificate;
import keybound.issuer.Issuer;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.ContractUser;
import keybound.issuer.contract.UserId;
import keybound.issuer.enrollment.RequestId;
import keybound.issuer.enrollment.TokenReport;
import keybound.issuer.store.CertificateRecord;
import keybound.server.api.ApiProblem;
import keybound.bankapi.ProblemCode;
import keybound.bankapi.BankApi;
import keybound.token.AttestationStatement;
import keybound.token.Secret;
import keybound.token.TokenKind;

/** Between the API's JSON bodies ({@link BankApi}) and the issuer's types; bad fields are 400 {@code invalid-field}. */
final class Wire {

    private static final int MAX_CHAIN = 4;

    private Wire() {
    }

    static byte[] base64(String value, String field) {
        if (value == null) {
            throw new ApiProblem(ProblemCode.INVALID_FIELD, "Missing field: " + field);
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(ProblemCode.INVALID_FIELD, "Invalid field: " + field + " (base64 expected)");
        }
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static X509Certificate certificate(String value, String field) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(base64(value, field)));
        } catch (CertificateException | ClassCastException e) {
            throw new ApiProblem(ProblemCode.INVALID_FIELD, "Invalid field: " + field + " (an X.509 certificate expected)");
        }
    }

    static String der(X509Certificate certificate) {
        try {
            return base64(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("certificate does not encode", e);
        }
    }

    static List<String> der(List<X509Certificate> chain) {
        return chain.stream().map(Wire::der).toList();
    }

    static ContractId contract(String value) {
        try {
            return new ContractId(value);
        } catch (InvalidRequestException e) {
            throw new ApiProblem(ProblemCode.INVALID_FIELD, "Invalid field: contractId (6 to 20 digits)");
        }
    }

    static UserId user(String value) {
        try {
            return new UserId(value);
        } catch (InvalidRequestException e) {
            throw new ApiProblem(ProblemCode.INVALID_FIELD, "Invalid field: userId (1 to 16 ASCII letters or digits)");
        }
    }

    /** The earliest date the back office takes (no bank opened an internet-banking contract before it). */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    /**
     * Epoch seconds as an instant, refused with 400 naming {@code field} outside
     * [{@code earliest}, {@code latest}], before anything computes with it (10^18 would overflow).
     */
    static Instant instant(long epochSeconds, String field, Instant earliest, Instant latest) {
        if (epochSeconds < earliest.getEpochSecond() || epochSeconds > latest.getEpochSecond()) {
            throw new ApiProblem(ProblemCode.INVALID_FIELD, "Invalid field: " + field + " (epoch seconds between "
                    + earliest + " and " + latest + ")");
        }
        return Instant.ofEpochSecond(epochSeconds);
    }

    /** {@code value}, refused if missing or empty; the body it came from still owns (and closes) it. */
    static Secret secret(Secret value, String field) {
        if (value == null || value.isEmpty()) {
            throw new ApiProblem(ProblemCode.INVALID_FIELD, "Missing field: " + field);
        }
        return value;
    }

    /** The client's request id, if it sent one (22 to 64 base64url characters). */
    static Optional<RequestId> requestId(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RequestId(value));
        } catch (InvalidRequestException e) {
            throw new ApiProblem(ProblemCode.INVALID_FIELD, "Invalid field: requestId (22 to 64 base64url characters)");
        }
    }

    static TokenReport token(BankApi.TokenDescription token) {
        if (token == null) {
            throw new ApiProblem(ProblemCode.INVALID_FIELD, "Missing field: token");
        }
        TokenKind kind;
        try {
            kind = TokenKind.valueOf(String.valueOf(token.kind()));
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(ProblemCode.INVALID_FIELD, "Invalid field: token.kind (PKCS11, JAVA_CARD or PIV)");
        }
        try {
            return new TokenReport(kind, token.model(), token.serial());
        } catch (InvalidRequestException e) {
            throw new ApiProblem(ProblemCode.INVALID_FIELD, "Invalid field: token (model and serial: 64 printable ASCII at most)");
        }
    }

    static Optional<AttestationStatement> attestation(BankApi.Attestation attestation) {
        if (attestation == null) {
            return Optional.empty();
        }
        if (attestation.chain() == null || attestation.chain().isEmpty() || attestation.chain().size() > MAX_CHAIN) {
            throw new ApiProblem(ProblemCode.INVALID_FIELD, "Invalid field: attestation.chain (1 to " + MAX_CHAIN + " certificates)");
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (String c : attestation.chain()) {
            chain.add(certificate(c, "attestation.chain"));
        }
        return Optional.of(new AttestationStatement(base64(attestation.signedData(), "attestation.signedData"),
                base64(attestation.signature(), "attestation.signature"), chain));
    }

    static BankApi.IssuedCertificate issued(IssuedCertificate issued, Issuer issuer) {
        return new BankApi.IssuedCertificate(issued.serial(), issued.record().commonName(), der(issued.certificate()),
                der(issuer.caChain()), issued.record().notAfter().getEpochSecond(), holder(issued.record()));
    }

    /** Whose certificate it is, as the registry recorded it at issuance. */
    static BankApi.Account holder(CertificateRecord record) {
        String contract = record.contract().value();
        return record.user().map(user -> BankApi.Account.ofUser(contract, user.value()))
                .orElseGet(() -> BankApi.Account.ofAdministrator(contract));
    }

    static BankApi.UserEntry user(ContractUser user) {
        return new BankApi.UserEntry(user.id().value(), user.status().name(), user.failures(),
                user.authorisationExpires().map(Instant::getEpochSecond).orElse(null));
    }

    static BankApi.CertificateEntry certificate(CertificateRecord record, Issuer issuer) {
        return new BankApi.CertificateEntry(record.serial(), record.commonName(), record.role().name(),
                record.user().map(UserId::value).orElse(null), issuer.registry().state(record.certificate()).name(),
                record.notBefore().getEpochSecond(), record.notAfter().getEpochSecond(), record.token().kind().name(),
                record.attestation().outcome().name());
    }
}
