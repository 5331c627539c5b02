package keybound.cli.station;

import java.io.PrintWriter;
import java.util.Base64;
import java.util.function.Function;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BankClient;
import keybound.token.KeyRef;
import keybound.token.TokenKind;
import keybound.token.TokenSession;

/**
 * The station's one way to put a new certificate on a token (acquire, renew, migrate): generate
 * the key there, build the CSR, have a card attest the key for this holder's enrollment, ask the
 * bank, and store the certificate next to the key. A key the bank did not certify is deleted again.
 */
public final class KeyEnrollment {

    private KeyEnrollment() {
    }

    /** Whose certificate it is: the contract (A) and the user (ニ; "" for the administrator) a card's attestation is bound to. */
    public record Holder(String contractId, String userIdOrEmpty) {
    }

    /** What the bank is told about the new key: its CSR (DER), the token it is on, the card's attestation (null if none). */
    public record NewKey(byte[] csr, BankApi.TokenDescription token, BankApi.Attestation attestation) {

        public String csrBase64() {
            return Base64.getEncoder().encodeToString(csr);
        }
    }

    /** The new key and the certificate now stored with it. */
    public record Enrolled(KeyRef key, BankApi.IssuedCertificate issued) {
    }

    /**
     * Enrolls a new key labelled {@code label} on {@code session} for {@code holder} (a card binds its
     * attestation to it); {@code bank} sends the request.
     */
    public static Enrolled enroll(TokenSession session, String label, Holder holder, PrintWriter progress,
            Function<NewKey, BankApi.IssuedCertificate> bank) {
        progress.println("  ... generating an EC P-256 key pair on " + session.token().displayName());
        KeyRef key = Station.newKey(session, label);
        BankApi.IssuedCertificate issued;
        try {
            byte[] csr = Station.csr(session, key);
            issued = bank.apply(new NewKey(csr, BankClient.token(session.token()), attestation(session, key, csr, holder)));
        } catch (RuntimeException e) {
            session.delete(key); // nothing issued: leave no orphan key behind
            throw e;
        }
        session.storeCertificate(key, BankClient.certificate(issued));
        return new Enrolled(key, issued);
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
