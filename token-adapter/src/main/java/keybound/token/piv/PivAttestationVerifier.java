package keybound.token.piv;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import keybound.token.AttestationStatement;
import keybound.token.attest.AttestationException;
import keybound.token.attest.AttestationVerifier;
import keybound.token.attest.AttestedKey;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;

/**
 * Verifies PIV attestation in Yubico's format: the slot's attestation certificate (from
 * {@code 00 F9 slot 00}) signed by the card's attestation key, whose certificate (the "F9"
 * certificate) is signed by a trusted card maker's root. Each signature is checked explicitly,
 * one link at a time, because Yubico documents that strict path validation (basic constraints,
 * key usage) rejects some of its genuine chains; the F9 certificate must be valid now.
 *
 * <p>The statement carries the slot certificate's TBSCertificate as {@code signedData}, its
 * signature, and the chain [slot certificate, F9 certificate]. PIV attestation binds no nonce:
 * freshness comes from the CSR, which the attested key signs over the bank's request. What is
 * recorded: {@code piv SERIAL pin:POLICY touch:POLICY form:FF} from Yubico's extensions.
 */
public final class PivAttestationVerifier implements AttestationVerifier {

    private static final String ARC = "1.3.6.1.4.1.41482.3.";
    private static final String SERIAL = ARC + "7";
    private static final String POLICY = ARC + "8";
    private static final String FORM_FACTOR = ARC + "9";
    /** Bounds checked before any parsing: a slot certificate for an RSA-2048 key is about 1 KB. */
    private static final int MAX_SIGNED_DATA = 2048;
    private static final int MAX_SIGNATURE = 600;

    private final List<X509Certificate> makerRoots;
    private final Clock clock;

    public PivAttestationVerifier(Collection<X509Certificate> makerRoots, Clock clock) {
        if (makerRoots.isEmpty()) {
            throw new IllegalArgumentException("at least one card maker root is needed");
        }
        this.makerRoots = List.copyOf(makerRoots);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether {@code statement} is in this format (rather than keybound's own "KBAT" data). */
    public static boolean isPivStatement(AttestationStatement statement) {
        return statement.chain() != null && statement.chain().size() == 2 && statement.signedData() != null
                && statement.signedData().length > 4 && statement.signedData()[0] == 0x30;
    }

    @Override
    public AttestedKey verify(AttestationStatement statement, byte[] expectedNonce) {
        if (!isPivStatement(statement) || statement.signature() == null) {
            throw new AttestationException("not a PIV attestation statement (slot certificate and F9 certificate)");
        }
        if (statement.signedData().length > MAX_SIGNED_DATA || statement.signature().length > MAX_SIGNATURE) {
            throw new AttestationException("attestation statement is oversized");
        }
        X509Certificate slotCertificate = statement.chain().get(0);
        X509Certificate f9 = statement.chain().get(1);
        try {
            if (!MessageDigest.isEqual(slotCertificate.getTBSCertificate(), statement.signedData())
                    || !MessageDigest.isEqual(slotCertificate.getSignature(), statement.signature())) {
                throw new AttestationException("the signed data is not the slot certificate's");
            }
        } catch (GeneralSecurityException e) {
            throw new AttestationException("slot attestation certificate cannot be read", e);
        }
        checkSignedBy(slotCertificate, f9, "the slot certificate is not signed by the attestation (F9) key");
        if (!slotCertificate.getIssuerX500Principal().equals(f9.getSubjectX500Principal())) {
            throw new AttestationException("the slot certificate's issuer is not the attestation certificate");
        }
        boolean trusted = makerRoots.stream()
                .filter(r -> r.getSubjectX500Principal().equals(f9.getIssuerX500Principal()))
                .anyMatch(r -> signedBy(f9, r));
        if (!trusted) {
            throw new AttestationException("the attestation certificate is not signed by a trusted card maker");
        }
        try {
            f9.checkValidity(Date.from(clock.instant()));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new AttestationException("the attestation certificate is not valid now", e);
        }
        String serial = integer(slotCertificate, SERIAL).toString();
        byte[] policy = octets(slotCertificate, POLICY);
        byte[] form = octets(slotCertificate, FORM_FACTOR);
        if (policy.length != 2 || form.length != 1) {
            throw new AttestationException("malformed PIN/touch policy or form factor extension");
        }
        String recorded = String.format(Locale.ROOT, "piv %s pin:%s touch:%s form:%02x", serial, pinPolicy(policy[0]),
                touchPolicy(policy[1]), form[0]);
        return new AttestedKey(recorded, slot(slotCertificate), slotCertificate.getPublicKey(), f9);
    }

    private static void checkSignedBy(X509Certificate certificate, X509Certificate issuer, String message) {
        if (!signedBy(certificate, issuer)) {
            throw new AttestationException(message);
        }
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] octets(X509Certificate certificate, String oid) {
        byte[] wrapped = certificate.getExtensionValue(oid);
        if (wrapped == null) {
            throw new AttestationException("the slot certificate lacks extension " + oid);
        }
        return ASN1OctetString.getInstance(wrapped).getOctets();
    }

    private static BigInteger integer(X509Certificate certificate, String oid) {
        try {
            return ASN1Integer.getInstance(ASN1Primitive.fromByteArray(octets(certificate, oid))).getValue();
        } catch (IOException | IllegalArgumentException e) {
            throw new AttestationException("malformed serial extension " + oid, e);
        }
    }

    /** The slot from the subject's last word ({@code ... Attestation 9a}), as Yubico names it. */
    private static int slot(X509Certificate certificate) {
        String name = certificate.getSubjectX500Principal().getName();
        try {
            return Integer.parseInt(name.substring(name.length() - 2), 16);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return -1;
        }
    }

    private static String pinPolicy(byte value) {
        return switch (value) {
            case 1 -> "never";
            case 2 -> "once";
            case 3 -> "always";
            case 4 -> "match-once";
            case 5 -> "match-always";
            default -> "default";
        };
    }

    private static String touchPolicy(byte value) {
        return switch (value) {
            case 1 -> "never";
            case 2 -> "always";
            case 3 -> "cached";
            default -> "default";
        };
    }
}
