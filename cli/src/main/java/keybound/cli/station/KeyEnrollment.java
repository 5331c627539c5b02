package keybound.cli.station;

import java.io.PrintWriter;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BankClient;
import keybound.bankapi.client.BankUnreachableException;
import keybound.cli.CliException;
import keybound.cli.ExitCode;
import keybound.token.Credential;
import keybound.token.CredentialQuery;
import keybound.token.KeyRef;
import keybound.token.TokenKind;
import keybound.token.TokenSession;

/**
 * The station's one way to put a new certificate on a token (acquire, renew, migrate): generate
 * the key there, build the CSR, have a card attest the key for this holder's enrollment, ask the
 * bank, and store the certificate next to the key. A key the bank refused to certify is deleted
 * again.
 *
 * <p>Each request carries a request id derived from the key ({@link #requestId}), so the bank
 * answers a repeated request with the certificate it already issued. A key whose answer was lost
 * (the bank may have issued it) or whose run was killed before the certificate was stored stays on
 * the token under its label without a certificate; the next run with that label finds it and
 * resumes with it, same key and same request id, instead of making another.
 */
public final class KeyEnrollment {

    private static final int REQUEST_ID_BYTES = 16;
    /** 48 bytes make the 64 base64url characters the bank takes at most. */
    private static final int MAX_REQUEST_ID_BYTES = 48;

    private KeyEnrollment() {
    }

    /** Whose certificate it is: the contract (A) and the user (ニ; "" for the administrator) a card's attestation is bound to. */
    public record Holder(String contractId, String userIdOrEmpty) {
    }

    /**
     * What the bank is told about the new key: its CSR (DER), the token it is on, the card's
     * attestation (null if none) and the request id (the same for every request for this key).
     */
    public record NewKey(byte[] csr, BankApi.TokenDescription token, BankApi.Attestation attestation, String requestId) {

        public String csrBase64() {
            return Base64.getEncoder().encodeToString(csr);
        }
    }

    /** The new key and the certificate now stored with it. */
    public record Enrolled(KeyRef key, BankApi.IssuedCertificate issued) {
    }

    /**
     * Enrolls a new key labelled {@code label} on {@code session} for {@code holder} (a card binds its
     * attestation to it), or the key an interrupted run left under that label without a certificate;
     * {@code bank} sends the request.
     */
    public static Enrolled enroll(TokenSession session, String label, Holder holder, PrintWriter progress,
            Function<NewKey, BankApi.IssuedCertificate> bank) {
        Optional<Credential> unfinished = unfinished(session, label);
        KeyRef key;
        if (unfinished.isPresent()) {
            key = unfinished.get().key();
            progress.println("  ... resuming with key " + label + ", left without a certificate by an interrupted run");
        } else {
            progress.println("  ... generating an EC P-256 key pair on " + session.token().displayName());
            key = Station.newKey(session, label);
        }
        BankApi.IssuedCertificate issued;
        try {
            byte[] csr = Station.csr(session, key);
            issued = bank.apply(new NewKey(csr, BankClient.token(session.token()), attestation(session, key, csr, holder),
                    requestId(key, session.publicKey(key))));
        } catch (BankUnreachableException e) {
            if (!e.answerLost()) {
                session.delete(key); // the request never reached the bank: nothing to resume
                throw e;
            }
            throw new CliException(ExitCode.SERVER_UNREACHABLE, "The bank's answer was lost (" + e.getMessage()
                    + "); it may have issued the certificate. Key " + label + " stays on the token: run the same"
                    + " command again to finish, and the bank answers with the same certificate.");
        } catch (RuntimeException e) {
            session.delete(key); // refused: leave no orphan key behind
            throw e;
        }
        session.storeCertificate(key, BankClient.certificate(issued));
        return new Enrolled(key, issued);
    }

    /** A key labelled {@code label} that has no certificate: left by a run that did not finish. */
    static Optional<Credential> unfinished(TokenSession session, String label) {
        return session.find(CredentialQuery.label(label)).filter(c -> c.certificate().isEmpty());
    }

    /**
     * The request id for a key, the same at every run: a PKCS#11 key's CKA_ID, 128 random bits
     * chosen at generation and stored with the key and its certificate; for a card's slot-numbered
     * key, 128 bits of the SHA-256 of its public key, as unpredictable as the key itself.
     */
    static String requestId(KeyRef key, PublicKey publicKey) {
        byte[] id = key.idBytes();
        if (id.length < REQUEST_ID_BYTES) {
            try {
                id = MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(id, Math.min(id.length, MAX_REQUEST_ID_BYTES)));
    }

    /**
     * The card's statement that it generated {@code key}: a keybound card's over the nonce the bank
     * expects for this enrollment, a PIV card's (no nonce) its F9 certificate chain; null for tokens
     * that cannot attest (PKCS#11).
     */
    private static BankApi.Attestation attestation(TokenSession session, KeyRef key, byte[] csr, Holder holder) {
        if (session.token().kind() == TokenKind.PKCS11) {
            return null;
        }
        byte[] nonce = BankClient.enrollmentNonce(holder.contractId(), holder.userIdOrEmpty(), csr);
        return session.attest(key, nonce).map(BankClient::attestation).orElse(null);
    }
}
