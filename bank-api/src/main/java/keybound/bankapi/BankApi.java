package keybound.bankapi;

import java.util.List;
import keybound.token.Secret;

/**
 * The bank API's JSON bodies, shared by the client and the server's handlers so that both
 * ends agree on every field. Binary values (DER, signatures) are base64; instants are epoch
 * seconds; optional fields are null. Secrets are {@link Secret}s, read and written without a
 * {@code String} ({@code SecretJson}); a body holding secrets is {@link AutoCloseable} and wipes
 * them all on close.
 */
public final class BankApi {

    private BankApi() {
    }

    // ---- acquisition (manual I-2, II-1), renewal and migration ---------------------------------

    /** The token the key was generated on, as the client reports it. {@code kind}: {@code PKCS11}, {@code JAVA_CARD} or {@code PIV}. */
    public record TokenDescription(String kind, String model, String serial) {
    }

    /** A card's attestation statement: the signed bytes, the signature and the attestation chain (all base64 DER). */
    public record Attestation(String signedData, String signature, List<String> chain) {
    }

    /*
     * requestId (acquisitions, renewal, migration): the client's id for this one request, 128 random
     * bits or more in base64url (22 to 64 characters). A retry after a lost answer sends the same id and
     * key, and gets the certificate already issued for it; the same id for another key is refused
     * (request-id-reused). Null: no retry is recognised.
     */

    /** Manual I-2: A + イ + ロ + the CSR (base64 DER). */
    public record AdministratorAcquisition(String contractId, Secret contractPin, Secret confirmationPin, String csr,
            TokenDescription token, Attestation attestation, String requestId) implements AutoCloseable {

        /** A request without a request id: the bank treats a retry of it as a new request. */
        public AdministratorAcquisition(String contractId, Secret contractPin, Secret confirmationPin, String csr,
                TokenDescription token, Attestation attestation) {
            this(contractId, contractPin, confirmationPin, csr, token, attestation, null);
        }

        @Override
        public void close() {
            Secret.closeAll(contractPin, confirmationPin);
        }
    }

    /** Manual II-1: A + ニ + ト + チ + the CSR (base64 DER). */
    public record UserAcquisition(String contractId, String userId, Secret userPin, Secret userConfirmationPin, String csr,
            TokenDescription token, Attestation attestation, String requestId) implements AutoCloseable {

        /** A request without a request id: the bank treats a retry of it as a new request. */
        public UserAcquisition(String contractId, String userId, Secret userPin, Secret userConfirmationPin, String csr,
                TokenDescription token, Attestation attestation) {
            this(contractId, userId, userPin, userConfirmationPin, csr, token, attestation, null);
        }

        @Override
        public void close() {
            Secret.closeAll(userPin, userConfirmationPin);
        }
    }

    /**
     * Renewal ({@code kind} {@code renewal}) or migration to a new token ({@code migration}): the
     * current certificate, a CSR for a new key, the current key's signature over
     * {@code "keybound-renewal-v1\0" + csr} (SHA256withECDSA/RSA), and the holder's two secrets
     * (administrator: イ + ロ; user: ト + チ).
     */
    public record Renewal(String kind, String certificate, String csr, String oldKeySignature, Secret firstSecret,
            Secret secondSecret, TokenDescription token, Attestation attestation, String requestId) implements AutoCloseable {

        /** A request without a request id: the bank treats a retry of it as a new request. */
        public Renewal(String kind, String certificate, String csr, String oldKeySignature, Secret firstSecret,
                Secret secondSecret, TokenDescription token, Attestation attestation) {
            this(kind, certificate, csr, oldKeySignature, firstSecret, secondSecret, token, attestation, null);
        }

        @Override
        public void close() {
            Secret.closeAll(firstSecret, secondSecret);
        }
    }

    /** An issued certificate (base64 DER) with the CA chain (issuing CA first) and whose it is. */
    public record IssuedCertificate(String serial, String commonName, String certificate, List<String> caChain,
            long notAfter, Account holder) {
    }

    /** {@code POST /renew/holder}: a certificate (base64 DER) whose holder the client asks for before re-keying it. */
    public record CertificateRef(String certificate) {
    }

    /** {@code GET /ca}: the bank CA chain, issuing CA first (base64 DER). */
    public record CaChain(List<String> chain) {
    }

    // ---- logon -----------------------------------------------------------------------------------

    /** A nonce to sign for the signed-challenge logon. */
    public record Challenge(String nonce, String origin, long expiresAt) {
    }

    /** The nonce, the signer's certificate (base64 DER) and the signature (base64). */
    public record ChallengeAnswer(String nonce, String certificate, String signature) {
    }

    /**
     * What the second step asks for: {@code user-pin} (ト) or {@code contract-pin-and-one-time-password}
     * (イ + the digits of {@code cardCells}, or a TOTP code when {@code totpAccepted}).
     */
    public record SecondStep(String attempt, long expiresAt, String secondStep, List<String> cardCells,
            boolean totpAccepted) {
    }

    /** ト alone, or イ with either the card digits or a TOTP code. */
    public record SecondStepAnswer(String attempt, Secret userPin, Secret contractPin, Secret cardDigits, Secret totp)
            implements AutoCloseable {
        @Override
        public void close() {
            Secret.closeAll(userPin, contractPin, cardDigits, totp);
        }
    }

    /** A user's logon in one request ({@code POST /logon/user}): ト, with the connection's certificate as the first proof. */
    public record UserLogon(Secret userPin) implements AutoCloseable {
        @Override
        public void close() {
            Secret.closeAll(userPin);
        }
    }

    /** A + B + イ, before the contract's first administrator certificate. */
    public record PasswordLogon(String contractId, Secret confirmationPassword, Secret contractPin)
            implements AutoCloseable {
        @Override
        public void close() {
            Secret.closeAll(confirmationPassword, contractPin);
        }
    }

    /** A granted logon (with its id) and {@code GET /session} (id null). */
    public record Session(String session, Account account, String method, long idleTimeoutSeconds,
            long absoluteExpiresAt) {
    }

    /**
     * Whose session or certificate it is: {@code kind} is {@code administrator} or {@code user};
     * {@code userId} null for the administrator. The bank says it, so no client parses a CN.
     */
    public record Account(String kind, String contractId, String userId) {

        public static Account ofAdministrator(String contractId) {
            return new Account("administrator", contractId, null);
        }

        public static Account ofUser(String contractId, String userId) {
            return new Account("user", contractId, userId);
        }

        public boolean administrator() {
            return "administrator".equals(kind);
        }

        /** For messages: "administrator of A" or "user ニ of A". */
        public String describe() {
            return administrator() ? "administrator of " + contractId : "user " + userId + " of " + contractId;
        }
    }

    // ---- administrator operations (manual I-3) and the user status page -------------------------

    /** Registers user ニ; needs ロ. */
    public record RegisterUser(String userId, Secret confirmationPin) implements AutoCloseable {
        @Override
        public void close() {
            Secret.closeAll(confirmationPin);
        }
    }

    /** A registered user's initial ト and チ, shown once. */
    public record RegisteredUser(String userId, Secret userPin, Secret userConfirmationPin) implements AutoCloseable {
        @Override
        public void close() {
            Secret.closeAll(userPin, userConfirmationPin);
        }
    }

    /** Issues user ニ a certificate authorisation, open until {@code expiresAt} (null: the bank's maximum); needs ロ. */
    public record AuthoriseUser(String userId, Secret confirmationPin, Long expiresAt) implements AutoCloseable {
        @Override
        public void close() {
            Secret.closeAll(confirmationPin);
        }
    }

    /** The authorisation given. */
    public record Authorisation(String userId, long expiresAt) {
    }

    /** Changes user ニ (reset ト/チ, suspend, resume); needs ロ. */
    public record ChangeUser(String userId, Secret confirmationPin) implements AutoCloseable {
        @Override
        public void close() {
            Secret.closeAll(confirmationPin);
        }
    }

    /** Enrols (or removes) the administrator's TOTP authenticator; needs ロ. */
    public record TotpRequest(Secret confirmationPin) implements AutoCloseable {
        @Override
        public void close() {
            Secret.closeAll(confirmationPin);
        }
    }

    /** The TOTP seed (base32) and its otpauth:// URI for an authenticator app, shown once; SHA1, 6 digits, 30 s. */
    public record TotpEnrolment(Secret base32Seed, Secret otpauthUri) implements AutoCloseable {
        @Override
        public void close() {
            Secret.closeAll(base32Seed, otpauthUri);
        }
    }

    /** Names one user of the session's contract. */
    public record UserRef(String userId) {
    }

    /** Serials revoked (lower-case hex); empty if there was none to revoke. */
    public record Revoked(List<String> serials) {
    }

    /** One user of a contract: {@code status} ACTIVE or LOCKED; {@code authorisationExpiresAt} null if none open. */
    public record UserEntry(String userId, String status, int failures, Long authorisationExpiresAt) {
    }

    /** {@code GET /admin/users}. */
    public record Users(List<UserEntry> users) {
    }

    /**
     * One certificate of a contract: {@code role} ADMINISTRATOR or USER; {@code state} GOOD,
     * REVOKED, SUPERSEDED, EXPIRED, NOT_YET_VALID; {@code tokenKind} as reported at acquisition.
     */
    public record CertificateEntry(String serial, String commonName, String role, String userId, String state,
            long notBefore, long notAfter, String tokenKind, String attestation) {
    }

    /** The administrator's status page: the contract's users and certificates. */
    public record ContractStatus(String contractId, boolean administratorCertificateIssued, List<UserEntry> users,
            List<CertificateEntry> certificates) {
    }

    /** The user's status page: who, and the user's certificates. */
    public record UserStatus(String contractId, String userId, List<CertificateEntry> certificates) {
    }

    // ---- back office (bank operators) ------------------------------------------------------------

    /** Registers a bank: 4-digit code, name, attestation policy (REQUIRED, PREFERRED, NONE). */
    public record RegisterBank(String code, String name, String attestationPolicy) {
    }

    /** Opens a contract; {@code applicationDate} (epoch seconds) null for now. */
    public record OpenContract(String bankCode, Long applicationDate) {
    }

    /**
     * The customer card: {@code rows} × {@code columns} cells, each two digits; {@code cells.get(r).get(c)}; columns A.., rows 1...
     * Each cell is a secret of its own (the logon asks for a few of them), wiped by {@link #close()}.
     */
    public record CustomerCard(int rows, int columns, List<List<Secret>> cells) implements AutoCloseable {
        /** Every cell, row by row. */
        public List<Secret> allCells() {
            return cells.stream().flatMap(List::stream).toList();
        }

        @Override
        public void close() {
            allCells().forEach(Secret::close);
        }
    }

    /** A contract's initial secrets A, B, イ, ロ and its customer card, shown once. */
    public record OpenedContract(String contractId, Secret confirmationPassword, Secret contractPin,
            Secret confirmationPin, CustomerCard card, long acquisitionClosesAt) implements AutoCloseable {
        @Override
        public void close() {
            Secret.closeAll(confirmationPassword, contractPin, confirmationPin);
            if (card != null) {
                card.close();
            }
        }
    }

    /** Names a contract. */
    public record ContractRef(String contractId) {
    }

    /** Names a user of a contract. */
    public record ContractUserRef(String contractId, String userId) {
    }

    /** Revokes a certificate by serial (lower-case hex), reason as RFC 5280 name (e.g. KEY_COMPROMISE). */
    public record RevokeSerial(String serial, String reason) {
    }

    /** Whether an operation changed anything (false: it was already so). */
    public record Changed(boolean changed) {
    }
}
