package keybound.issuer;

import static java.security.cert.CRLReason.KEY_COMPROMISE;
import static java.security.cert.CRLReason.SUPERSEDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import keybound.issuer.ca.RevocationReason;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.refusal.UnknownCertificateException;
import keybound.issuer.store.CertificateStatus;
import keybound.issuer.support.Engine;
import keybound.issuer.support.IssuerTestBase;
import keybound.testkit.keys.SoftwareKeys;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Revocation by serial with a reason; the CA's signed CRL and OCSP responses say so. */
@ParameterizedClass
@EnumSource(Engine.class)
class RevocationTest extends IssuerTestBase {

    @Test
    void revokedCertificateIsOnTheSignedCrlWithItsReason() throws Exception {
        OpenedContract contract = openContract();
        IssuedCertificate kept = acquireAdministrator(contract, SoftwareKeys.ec());
        OpenedContract other = openContract();
        IssuedCertificate revoked = acquireAdministrator(other, SoftwareKeys.ec());

        assertTrue(issuer.revocations().revoke(revoked.serial(), RevocationReason.KEY_COMPROMISE));
        assertFalse(issuer.revocations().revoke(revoked.serial(), RevocationReason.KEY_COMPROMISE), "revoked once only");
        assertEquals(CertificateState.REVOKED, issuer.registry().state(revoked.certificate()));
        assertTrue(issuer.registry().holderOf(revoked.certificate()).isEmpty());
        var row = issuer.registry().registered(revoked.certificate()).orElseThrow();
        assertEquals(CertificateStatus.REVOKED, row.status());
        assertEquals(Optional.of(RevocationReason.KEY_COMPROMISE), row.revocationReason());

        X509CRL crl = issuer.revocations().crl();
        crl.verify(issuer.caChain().get(0).getPublicKey());
        assertEquals(issuer.caChain().get(0).getSubjectX500Principal(), crl.getIssuerX500Principal());
        X509CRLEntry entry = crl.getRevokedCertificate(revoked.certificate().getSerialNumber());
        assertNotNull(entry);
        assertEquals(KEY_COMPROMISE, entry.getRevocationReason());
        assertNull(crl.getRevokedCertificate(kept.certificate().getSerialNumber()));
        assertTrue(crl.isRevoked(revoked.certificate()));
        assertTrue(crl.getNextUpdate().toInstant().isAfter(crl.getThisUpdate().toInstant()));

        X509CRL next = issuer.revocations().crl();
        assertTrue(crlNumber(next).compareTo(crlNumber(crl)) > 0, "CRL numbers increase");
    }

    @Test
    void supersededCertificatesAreListedAsSuperseded() throws Exception {
        OpenedContract contract = openContract();
        IssuedCertificate first = acquireAdministrator(contract, SoftwareKeys.ec());
        acquireAdministrator(contract, SoftwareKeys.ec());
        X509CRLEntry entry = issuer.revocations().crl().getRevokedCertificate(first.certificate().getSerialNumber());
        assertEquals(SUPERSEDED, entry.getRevocationReason());
    }

    @Test
    void unknownSerialIsRefused() {
        assertThrows(UnknownCertificateException.class, () -> issuer.revocations().revoke("abcdef", RevocationReason.UNSPECIFIED));
    }

    @Test
    void ocspSaysGoodRevokedOrUnknownSignedByTheCa() throws Exception {
        OpenedContract contract = openContract();
        IssuedCertificate good = acquireAdministrator(contract, SoftwareKeys.ec());
        IssuedCertificate bad = acquireAdministrator(openContract(), SoftwareKeys.ec());
        issuer.revocations().revoke(bad.serial(), RevocationReason.PRIVILEGE_WITHDRAWN);

        byte[] nonce = new byte[] {1, 2, 3, 4, 5, 6, 7, 8};
        BasicOCSPResp response = ask(nonce, good.certificate().getSerialNumber(), bad.certificate().getSerialNumber(),
                BigInteger.valueOf(12345));
        assertTrue(response.isSignatureValid(new JcaContentVerifierProviderBuilder().build(issuer.caChain().get(0).getPublicKey())));
        SingleResp[] answers = response.getResponses();
        assertNull(answers[0].getCertStatus(), "null is OCSP's GOOD");
        RevokedStatus revoked = assertInstanceOf(RevokedStatus.class, answers[1].getCertStatus());
        assertEquals(CRLReason.privilegeWithdrawn, revoked.getRevocationReason());
        assertInstanceOf(UnknownStatus.class, answers[2].getCertStatus());
        assertEquals(new DEROctetString(nonce),
                response.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getParsedValue());
    }

    @Test
    void malformedOrOversizeOcspRequestsGetMalformedRequest() throws Exception {
        assertEquals(OCSPResp.MALFORMED_REQUEST, new OCSPResp(issuer.revocations().ocsp(new byte[] {0x30, 0x03, 0x02})).getStatus());
        assertEquals(OCSPResp.MALFORMED_REQUEST, new OCSPResp(issuer.revocations().ocsp(new byte[20_000])).getStatus());
    }

    @Test
    void expiredCertificatesAreReportedExpired() {
        IssuedCertificate issued = acquireAdministrator(openContract(), SoftwareKeys.ec());
        clock.advance(Duration.ofDays(366));
        assertEquals(CertificateState.EXPIRED, issuer.registry().state(issued.certificate()));
        assertTrue(issuer.registry().holderOf(issued.certificate()).isEmpty());
    }

    @Test
    void aCertificateNotIssuedHereIsUnknownEvenWithAnIssuedSerial() throws Exception {
        IssuedCertificate issued = acquireAdministrator(openContract(), SoftwareKeys.ec());
        // same serial and subject, other bytes: forged by someone else's key
        var rogue = SoftwareKeys.ec();
        var original = issued.certificate();
        var builder = new JcaX509v3CertificateBuilder(original.getIssuerX500Principal(),
                original.getSerialNumber(), original.getNotBefore(), original.getNotAfter(),
                original.getSubjectX500Principal(), rogue.getPublic());
        X509Certificate forged = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                        .build(rogue.getPrivate())));
        assertEquals(CertificateState.UNKNOWN, issuer.registry().state(forged));
        assertTrue(issuer.registry().registered(forged).isEmpty());
        assertEquals(issued.serial(), issuer.registry().registered(original).orElseThrow().serial());
        assertTrue(issuer.registry().holderOf(forged).isEmpty());
        assertEquals(CertificateState.GOOD, issuer.registry().state(original));
    }

    private BasicOCSPResp ask(byte[] nonce, BigInteger... serials) throws Exception {
        var digests = new JcaDigestCalculatorProviderBuilder().build();
        var issuerHolder = new JcaX509CertificateHolder(issuer.caChain().get(0));
        var builder = new OCSPReqBuilder();
        for (BigInteger serial : serials) {
            builder.addRequest(new CertificateID(digests.get(CertificateID.HASH_SHA1), issuerHolder, serial));
        }
        builder.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                new DEROctetString(new DEROctetString(nonce)))));
        OCSPResp response = new OCSPResp(issuer.revocations().ocsp(builder.build().getEncoded()));
        assertEquals(OCSPResp.SUCCESSFUL, response.getStatus());
        return (BasicOCSPResp) response.getResponseObject();
    }

    private static BigInteger crlNumber(X509CRL crl) {
        byte[] ext = crl.getExtensionValue(Extension.cRLNumber.getId());
        return ASN1Integer.getInstance(
                ASN1OctetString.getInstance(ext).getOctets()).getValue();
    }
}
