package keybound.token.card;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collection;
import java.util.Date;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import keybound.token.AttestationStatement;
import keybound.token.TokenDeviceException;
import keybound.token.attest.AttestationData;
import keybound.token.attest.AttestationException;
import keybound.token.attest.AttestationVerifier;
import keybound.token.attest.AttestedKey;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * Verifies keybound card attestation statements: the attestation certificate chains to one of
 * the configured manufacturer CAs, the attestation key signed exactly these bytes, they bind
 * the nonce this verifier handed out (so an old statement cannot be replayed), and they name the
 * card serial the attestation certificate was issued for (its subject serialNumber).
 */
public final class CardAttestationVerifier implements AttestationVerifier {

    /** Inputs are bounded before parsing: the largest statement (RSA key, 64-byte nonce) is < 400 bytes. */
    private static final int MAX_SIGNED_DATA = 1024;
    private static final int MAX_SIGNATURE = 80;
    private static final int MAX_CHAIN = 4;

    private final Set<TrustAnchor> anchors;
    private final Clock clock;

    public CardAttestationVerifier(Collection<X509Certificate> manufacturerCas, Clock clock) {
        if (manufacturerCas.isEmpty()) {
            throw new IllegalArgumentException("at least one manufacturer CA is needed");
        }
        this.anchors = manufacturerCas.stream().map(c -> new TrustAnchor(c, null)).collect(Collectors.toUnmodifiableSet());
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public AttestedKey verify(AttestationStatement statement, byte[] expectedNonce) {
        checkSizes(statement);
        X509Certificate attestationCertificate = statement.chain().get(0);
        validateChain(statement);
        checkSignature(attestationCertificate, statement.signedData(), statement.signature());
        AttestationData data = AttestationData.decode(statement.signedData());
        if (!MessageDigest.isEqual(data.nonce(), expectedNonce)) {
            throw new AttestationException("attestation statement is for another nonce (replayed or stale)");
        }
        checkCardSerial(attestationCertificate, data.cardSerial());
        PublicKey key;
        try {
            key = CardKeys.decode(data.keyType(), data.key());
        } catch (TokenDeviceException e) {
            throw new AttestationException("attested public key cannot be decoded", e);
        }
        return new AttestedKey(data.cardSerial(), data.slot(), key, attestationCertificate);
    }

    private static void checkSizes(AttestationStatement statement) {
        if (statement.signedData() == null || statement.signature() == null || statement.chain() == null
                || statement.chain().isEmpty()) {
            throw new AttestationException("attestation statement is incomplete");
        }
        if (statement.signedData().length > MAX_SIGNED_DATA || statement.signature().length > MAX_SIGNATURE
                || statement.chain().size() > MAX_CHAIN) {
            throw new AttestationException("attestation statement is oversized");
        }
    }

    private void validateChain(AttestationStatement statement) {
        try {
            var path = CertificateFactory.getInstance("X.509").generateCertPath(statement.chain());
            var parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false); // manufacturers publish no CRLs for attestation keys
            parameters.setDate(Date.from(clock.instant()));
            CertPathValidator.getInstance("PKIX").validate(path, parameters);
        } catch (CertPathValidatorException e) {
            throw new AttestationException("attestation certificate does not chain to a trusted manufacturer CA", e);
        } catch (InvalidAlgorithmParameterException e) {
            throw new AttestationException("no usable manufacturer trust anchor", e);
        } catch (GeneralSecurityException e) {
            throw new AttestationException("attestation chain cannot be checked", e);
        }
    }

    /**
     * The manufacturer certifies each card's attestation key for that card's serial (subject
     * serialNumber attribute); a statement naming another card is refused, so one card's key
     * cannot vouch for keys on another.
     */
    private static void checkCardSerial(X509Certificate certificate, String statedSerial) {
        RDN[] serials = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.SERIALNUMBER);
        if (serials.length != 1 || !(serials[0].getFirst().getValue() instanceof ASN1String certified)) {
            throw new AttestationException("attestation certificate names no single card serial (subject serialNumber)");
        }
        if (!certified.getString().equals(statedSerial)) {
            throw new AttestationException("attestation statement names another card serial than its attestation certificate");
        }
    }

    private static void checkSignature(X509Certificate certificate, byte[] data, byte[] signature) {
        boolean[] usage = certificate.getKeyUsage();
        if (usage != null && !usage[0]) {
            throw new AttestationException("attestation certificate does not allow digital signatures");
        }
        try {
            var verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(data);
            if (!verifier.verify(signature)) {
                throw new AttestationException("attestation signature does not verify");
            }
        } catch (GeneralSecurityException e) {
            throw new AttestationException("attestation signature does not verify", e);
        }
    }
}
