package keybound.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.enrollment.AdministratorAcquisition;
import keybound.issuer.enrollment.Renewal;
import keybound.issuer.enrollment.RenewalKind;
import keybound.issuer.enrollment.TokenReport;
import keybound.issuer.support.Engine;
import keybound.issuer.support.IssuerTestBase;
import keybound.issuer.support.IssuerTokenCa;
import keybound.token.CredentialQuery;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.Secret;
import keybound.token.Token;
import keybound.token.TokenSession;
import keybound.token.bc.CsrFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The manual's point, with real tokens on both sides: the administrator's key is generated on a
 * SoftHSM token, the CSR signed there, the certificate stored back beside it; migration to a
 * second token is proven by a signature made on the first.
 */
@ParameterizedClass
@EnumSource(Engine.class)
class TokenClientTest extends IssuerTestBase {

    @Test
    void acquireOnOneTokenThenMigrateToAnother() {
        OpenedContract contract = openContract();
        Token first = IssuerTokenCa.softHsmToken("admin-old");
        Token second = IssuerTokenCa.softHsmToken("admin-new");
        try (Secret pin1 = Secret.of(IssuerTokenCa.CA_PIN); TokenSession oldSession = first.open(pin1);
             Secret pin2 = Secret.of(IssuerTokenCa.CA_PIN); TokenSession newSession = second.open(pin2)) {
            KeyRef oldKey = oldSession.generateKeyPair(KeyAlgorithm.EC_P256, "admin");
            byte[] csr = CsrFactory.createDer(oldSession, oldKey, new X500Name("CN=ignored"));
            IssuedCertificate issued = issuer.acquireAdministrator(new AdministratorAcquisition(contract.contractId(),
                    contract.contractPin().copy(), contract.confirmationPin().copy(), csr, TokenReport.of(oldSession.token()),
                    Optional.empty()));
            oldSession.storeCertificate(oldKey, issued.certificate());
            assertEquals(issued.certificate(),
                    oldSession.find(CredentialQuery.label("admin")).orElseThrow().certificate().orElseThrow());
            assertEquals(first.info().serial(), issued.record().token().serial());

            KeyRef newKey = newSession.generateKeyPair(KeyAlgorithm.EC_P256, "admin");
            byte[] newCsr = CsrFactory.createDer(newSession, newKey, new X500Name("CN=ignored"));
            byte[] proof = oldSession.sign(oldKey, oldKey.algorithm().defaultSignature(), Renewal.proofMessage(newCsr));
            IssuedCertificate migrated = issuer.renew(new Renewal(RenewalKind.MIGRATION, issued.certificate(), newCsr, proof,
                    contract.contractPin().copy(), contract.confirmationPin().copy(), TokenReport.of(newSession.token()),
                    Optional.empty()));
            newSession.storeCertificate(newKey, migrated.certificate());

            assertEquals(newSession.publicKey(newKey), migrated.certificate().getPublicKey());
            assertEquals(second.info().serial(), migrated.record().token().serial());
            assertEquals(CertificateState.SUPERSEDED, issuer.registry().state(issued.certificate()));
            assertEquals(CertificateState.GOOD, issuer.registry().state(migrated.certificate()));
        }
    }
}
