package keybound.issuer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import keybound.issuer.ca.CertificateAuthority;
import keybound.issuer.enrollment.AdministratorAcquisition;
import keybound.issuer.store.CertificateRecord;
import keybound.issuer.store.CertificateRepository;
import keybound.issuer.store.StoreException;
import keybound.issuer.support.Engine;
import keybound.issuer.support.IssuerTestBase;
import keybound.issuer.support.IssuerTokenCa;
import keybound.testkit.keys.SoftwareKeys;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The customer certificate profile, exactly as the issue states it, and the chain up to the root. */
@ParameterizedClass
@EnumSource(Engine.class)
class CertificateProfileTest extends IssuerTestBase {

    @Test
    void profile() throws Exception {
        X509Certificate cert = acquireAdministrator(openContract(), SoftwareKeys.ec()).certificate();
        X509Certificate ca = issuer.caChain().get(0);

        assertEquals(3, cert.getVersion());
        assertEquals(Set.of(Extension.keyUsage.getId(), Extension.basicConstraints.getId()), cert.getCriticalExtensionOIDs());
        boolean[] keyUsage = cert.getKeyUsage();
        assertTrue(keyUsage[0]);
        for (int i = 1; i < keyUsage.length; i++) {
            assertTrue(!keyUsage[i], "only digitalSignature");
        }
        assertEquals(List.of("1.3.6.1.5.5.7.3.2"), cert.getExtendedKeyUsage());
        assertEquals(-1, cert.getBasicConstraints());
        assertTrue(cert.getExtensionValue(Extension.basicConstraints.getId()) != null, "CA:false is explicit");

        byte[] ski = SubjectKeyIdentifier.getInstance(octets(cert, Extension.subjectKeyIdentifier)).getKeyIdentifier();
        byte[] caSki = SubjectKeyIdentifier.getInstance(octets(ca, Extension.subjectKeyIdentifier)).getKeyIdentifier();
        byte[] aki = AuthorityKeyIdentifier.getInstance(octets(cert, Extension.authorityKeyIdentifier)).getKeyIdentifierOctets();
        assertArrayEquals(caSki, aki);
        assertEquals(20, ski.length);

        var crlDp = CRLDistPoint.getInstance(octets(cert, Extension.cRLDistributionPoints));
        var names = GeneralNames.getInstance(crlDp.getDistributionPoints()[0].getDistributionPoint().getName());
        assertEquals(IssuerTokenCa.URLS.crl().toString(), names.getNames()[0].getName().toString());
        var aia = AuthorityInformationAccess.getInstance(octets(cert, Extension.authorityInfoAccess));
        assertEquals(GeneralName.uniformResourceIdentifier, aia.getAccessDescriptions()[0].getAccessLocation().getTagNo());
        assertEquals(IssuerTokenCa.URLS.ocsp().toString(), aia.getAccessDescriptions()[0].getAccessLocation().getName().toString());

        assertEquals(Duration.ofDays(365), Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()));
        cert.verify(ca.getPublicKey());
        ca.verify(issuer.caChain().get(1).getPublicKey());
        var validator = CertPathValidator.getInstance("PKIX");
        var params = new PKIXParameters(Set.of(new TrustAnchor(issuer.caChain().get(1), null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(clock.instant()));
        validator.validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(cert, ca)), params);
    }

    @Test
    void validityNeverOutlivesTheCa() {
        CertificateAuthority shortCa = IssuerTokenCa.create(IssuerTokenCa.devToken("short-ca"), Duration.ofDays(100));
        var shortIssuer = new Issuer(database, shortCa, (s, n) -> { throw new AssertionError(); }, config, clock);
        var contract = shortIssuer.backOffice().openContract(BANK);
        var issued = shortIssuer.acquireAdministrator(new AdministratorAcquisition(
                contract.contractId(), contract.contractPin().copy(), contract.confirmationPin().copy(),
                SoftwareKeys.csr(SoftwareKeys.ec()), SOFTHSM, Optional.empty()));
        assertEquals(shortCa.certificate().getNotAfter(), issued.certificate().getNotAfter());
    }

    @Test
    void aDuplicateSerialIsRefusedByTheDatabase() {
        var issued = acquireAdministrator(openContract(), SoftwareKeys.ec());
        var duplicate = new CertificateRecord(issued.serial(), issued.record().contract(),
                issued.record().user(), issued.record().role(), "CN=dup", "dup", issued.record().publicKeySha256(),
                issued.record().token(), issued.record().attestation(), issued.record().notBefore(),
                issued.record().notAfter(), issued.record().issuedAt(), issued.record().status(),
                Optional.empty(), Optional.empty(), Optional.empty(), issued.record().der());
        assertThrows(StoreException.class, () -> database.inTransaction(c -> {
            new CertificateRepository().insert(c, duplicate);
            return null;
        }));
    }

    private static byte[] octets(X509Certificate cert, ASN1ObjectIdentifier oid) {
        return ASN1OctetString.getInstance(cert.getExtensionValue(oid.getId())).getOctets();
    }
}
