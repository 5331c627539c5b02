package keybound.issuer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import keybound.bankapi.ProblemCode;
import keybound.issuer.ca.CertificateAuthority;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.contract.RegisteredUser;
import keybound.issuer.enrollment.AdministratorAcquisition;
import keybound.issuer.enrollment.AdministratorCredentials;
import keybound.issuer.enrollment.Renewal;
import keybound.issuer.enrollment.RenewalKind;
import keybound.issuer.enrollment.UserAcquisition;
import keybound.issuer.refusal.IssuerException;
import keybound.issuer.support.Engine;
import keybound.issuer.support.IssuerTestBase;
import keybound.issuer.support.IssuerTokenCa;
import keybound.testkit.keys.SoftwareKeys;
import keybound.token.Secret;
import keybound.token.card.CardAttestationVerifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Acquisition (administrator and user), renewal and migration pass one set of issuance rules: the
 * same bad key or CSR is refused with the same problem code on every path, before any secret is
 * checked and with nothing issued; the same good request gets, on every path, a certificate of one
 * profile (CN by the rule whatever the CSR asked, the same extensions, the configured validity
 * capped at the CA's end) that supersedes the holder's previous one.
 */
@ParameterizedClass
@EnumSource(Engine.class)
class IssuancePathsTest extends IssuerTestBase {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static CertificateAuthority shortLivedCa;

    /** The four ways to a certificate; the order is the order a test takes them in (renewal needs the clock moved). */
    enum Path { ADMINISTRATOR_ACQUISITION, USER_ACQUISITION, MIGRATION, RENEWAL }

    private OpenedContract contract;
    private KeyPair administratorKeys;
    private IssuedCertificate administratorCertificate;
    private RegisteredUser holder;
    private KeyPair holderKeys;
    private IssuedCertificate holderCertificate;

    /** An administrator and a user who hold certificates (to supersede, renew and migrate); the user is authorised again. */
    @BeforeEach
    void holders() {
        contract = openContract();
        administratorKeys = SoftwareKeys.ec();
        administratorCertificate = acquireAdministrator(contract, administratorKeys);
        holder = registerAndAuthorise(administrator(), "holder");
        holderKeys = SoftwareKeys.ec();
        holderCertificate = issuer.acquireUser(userAcquisition(holder, holderKeys, Optional.empty()));
        issuer.users().authorise(administrator(), holder.userId(), clock.instant().plus(Duration.ofDays(7)));
    }

    /** A key or CSR the rules refuse, and the problem code every path must answer it with. */
    private record Bad(ProblemCode code, byte[] csr) {
    }

    private static Map<String, Bad> badRequests() {
        Map<String, Bad> bad = new LinkedHashMap<>();
        bad.put("a SHA-1 signature", new Bad(ProblemCode.CSR_SIGNATURE_INVALID, csr(SoftwareKeys.ec(), "SHA1withECDSA")));
        bad.put("a signature by another key", new Bad(ProblemCode.CSR_SIGNATURE_INVALID, signedByAnotherKey()));
        bad.put("RSA with public exponent 3", new Bad(ProblemCode.KEY_TOO_WEAK, csr(rsaExponent3(), "SHA256withRSA")));
        bad.put("RSA of 1024 bits", new Bad(ProblemCode.KEY_TOO_WEAK, SoftwareKeys.csr(SoftwareKeys.rsa(1024))));
        bad.put("EC on P-384", new Bad(ProblemCode.KEY_TOO_WEAK, SoftwareKeys.csr(SoftwareKeys.ec("secp384r1"))));
        bad.put("EC on brainpoolP256r1 (256 bits, not P-256)", new Bad(ProblemCode.KEY_TOO_WEAK, brainpoolCsr()));
        bad.put("not DER", new Bad(ProblemCode.CSR_MALFORMED,
                "-----BEGIN CERTIFICATE REQUEST-----".getBytes(StandardCharsets.US_ASCII)));
        bad.put("trailing bytes", new Bad(ProblemCode.CSR_MALFORMED, withTrailingBytes(SoftwareKeys.csr(SoftwareKeys.ec()))));
        bad.put("over the size limit (8 KiB)", new Bad(ProblemCode.CSR_TOO_LARGE, new byte[64 * 1024]));
        return bad;
    }

    /** One table, one set-up: every bad request on every path, compared as a whole so a divergence names its row. */
    @Test
    void theSameBadRequestIsRefusedAlikeOnEveryPath() {
        int issued = certificateCount();
        Map<String, Map<Path, ProblemCode>> expected = new LinkedHashMap<>();
        Map<String, Map<Path, ProblemCode>> refusals = new LinkedHashMap<>();
        for (Map.Entry<String, Bad> row : badRequests().entrySet()) {
            Map<Path, ProblemCode> everywhere = new EnumMap<>(Path.class);
            Map<Path, ProblemCode> answered = new EnumMap<>(Path.class);
            for (Path path : Path.values()) {
                everywhere.put(path, row.getValue().code());
                try {
                    submit(path, row.getValue().csr());
                    fail(path + " issued a certificate for " + row.getKey());
                } catch (IssuerException refused) {
                    answered.put(path, refused.problem());
                }
            }
            expected.put(row.getKey(), everywhere);
            refusals.put(row.getKey(), answered);
        }
        assertEquals(expected, refusals);
        assertEquals(issued, certificateCount(), "nothing issued");
        assertEquals("0", queryString("SELECT failures FROM contract WHERE contract_id = '" + contract.contractId().value() + "'"),
                "refused before the administrator's secrets were checked");
        assertEquals("0", queryString("SELECT SUM(failures) FROM contract_user"), "refused before a user's secrets were checked");
    }

    @Test
    void theSameGoodRequestGetsOneProfileOnEveryPath() throws Exception {
        assertOneProfile(issueOnEveryPath(), config.certificateValidity());
    }

    @Test
    void everyPathCapsTheValidityAtTheCasEnd() throws Exception {
        CertificateAuthority ca = shortLivedCa();
        issuer = new Issuer(database, ca, new CardAttestationVerifier(List.of(MANUFACTURER.trustAnchor()), Clock.systemUTC()),
                config, clock);
        holders();
        Map<Path, IssuedCertificate> issued = issueOnEveryPath();
        for (Map.Entry<Path, IssuedCertificate> each : issued.entrySet()) {
            assertEquals(ca.certificate().getNotAfter(), each.getValue().certificate().getNotAfter(), each.getKey().toString());
        }
        assertOneProfile(issued, null);
    }

    /** The good request on every path, asking for another contract's CN; each new certificate's holder had one to supersede. */
    private Map<Path, IssuedCertificate> issueOnEveryPath() {
        String askedFor = "C=JP,O=Another Bank,CN=" + openContract().contractId().value() + BANK.value();
        Map<Path, IssuedCertificate> issued = new EnumMap<>(Path.class);
        Map<Path, IssuedCertificate> superseded = new EnumMap<>(Path.class);
        for (Path path : Path.values()) {
            superseded.put(path, switch (path) {
                case ADMINISTRATOR_ACQUISITION, RENEWAL -> administratorCertificate;
                case USER_ACQUISITION, MIGRATION -> holderCertificate;
            });
            KeyPair keys = SoftwareKeys.ec();
            IssuedCertificate certificate = submit(path, SoftwareKeys.csr(keys, askedFor));
            assertEquals(keys.getPublic(), certificate.certificate().getPublicKey(), path.toString());
            issued.put(path, certificate);
            // the next path renews or migrates what this one issued
            if (path == Path.ADMINISTRATOR_ACQUISITION) {
                administratorCertificate = certificate;
                administratorKeys = keys;
            } else if (path == Path.USER_ACQUISITION) {
                holderCertificate = certificate;
                holderKeys = keys;
            }
        }
        for (Path path : Path.values()) {
            assertEquals(CertificateState.SUPERSEDED, issuer.registry().state(superseded.get(path).certificate()),
                    path + " supersedes the holder's previous certificate");
        }
        return issued;
    }

    /** One profile: {@code validity} from issuance when given (else checked by the caller), the CN by the rule, the same extensions. */
    private void assertOneProfile(Map<Path, IssuedCertificate> issued, Duration validity) throws Exception {
        String a = contract.contractId().value();
        Map<Path, String> commonNames = new EnumMap<>(Path.class);
        Map<Path, String> expectedNames = new EnumMap<>(Path.class);
        List<Set<String>> criticals = new ArrayList<>();
        List<Set<String>> others = new ArrayList<>();
        for (Path path : Path.values()) {
            X509Certificate certificate = issued.get(path).certificate();
            commonNames.put(path, issued.get(path).record().commonName());
            expectedNames.put(path, "C=JP,O=Keybound Shinkin Bank,CN=" + commonNames.get(path));
            assertEquals(new X500Name(expectedNames.get(path)), X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                    path.toString());
            criticals.add(new TreeSet<>(certificate.getCriticalExtensionOIDs()));
            others.add(new TreeSet<>(certificate.getNonCriticalExtensionOIDs()));
            boolean[] digitalSignatureOnly = new boolean[certificate.getKeyUsage().length];
            digitalSignatureOnly[0] = true;
            assertArrayEquals(digitalSignatureOnly, certificate.getKeyUsage(), path.toString());
            assertEquals(List.of("1.3.6.1.5.5.7.3.2"), certificate.getExtendedKeyUsage(), path.toString());
            assertEquals(-1, certificate.getBasicConstraints(), path.toString());
            assertNotNull(certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId()), path.toString());
            certificate.verify(issuer.caChain().get(0).getPublicKey());
            Instant from = issued.get(path).record().issuedAt();
            assertEquals(from.truncatedTo(ChronoUnit.SECONDS), certificate.getNotBefore().toInstant(), path.toString());
            if (validity != null) {
                assertEquals(validity, Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()),
                        path.toString());
            }
        }
        assertEquals(Map.of(Path.ADMINISTRATOR_ACQUISITION, a + BANK.value(), Path.RENEWAL, a + BANK.value(),
                Path.USER_ACQUISITION, a + "holder" + BANK.value(), Path.MIGRATION, a + "holder" + BANK.value()),
                commonNames, "the CN is A (+ ニ) + bank code whatever the CSR asked for");
        assertEquals(Set.of(Extension.keyUsage.getId(), Extension.basicConstraints.getId()), criticals.get(0));
        assertEquals(List.of(criticals.get(0), criticals.get(0), criticals.get(0), criticals.get(0)), criticals);
        assertEquals(List.of(others.get(0), others.get(0), others.get(0), others.get(0)), others);
    }

    /**
     * Submits {@code csr} on {@code path} with the right secrets: the administrator acquires again,
     * the user acquires again (authorised anew), the user migrates their certificate, and the
     * administrator renews theirs once the clock is in its renewal lead.
     */
    private IssuedCertificate submit(Path path, byte[] csr) {
        return switch (path) {
            case ADMINISTRATOR_ACQUISITION -> issuer.acquireAdministrator(new AdministratorAcquisition(contract.contractId(),
                    contract.contractPin().copy(), contract.confirmationPin().copy(), csr, SOFTHSM, Optional.empty()));
            case USER_ACQUISITION -> issuer.acquireUser(new UserAcquisition(holder.contract(), holder.userId(),
                    holder.userPin().copy(), holder.userConfirmationPin().copy(), csr, SOFTHSM, Optional.empty()));
            case MIGRATION -> issuer.renew(renewal(RenewalKind.MIGRATION, holderCertificate, holderKeys, csr,
                    holder.userPin().copy(), holder.userConfirmationPin().copy()));
            case RENEWAL -> {
                clock.set(config.renewalOpens(administratorCertificate.record().notAfter()).plusSeconds(60));
                yield issuer.renew(renewal(RenewalKind.RENEWAL, administratorCertificate, administratorKeys, csr,
                        contract.contractPin().copy(), contract.confirmationPin().copy()));
            }
        };
    }

    private AdministratorCredentials administrator() {
        return admin(administratorCertificate, contract);
    }

    private static Renewal renewal(RenewalKind kind, IssuedCertificate current, KeyPair currentKeys, byte[] csr,
                                   Secret first, Secret second) {
        return new Renewal(kind, current.certificate(), csr, SoftwareKeys.sign(currentKeys, Renewal.proofMessage(csr)), first, second,
                SOFTHSM, Optional.empty());
    }

    private static synchronized CertificateAuthority shortLivedCa() {
        if (shortLivedCa == null) {
            shortLivedCa = IssuerTokenCa.create(IssuerTokenCa.devToken("short-lived-ca"), Duration.ofDays(100));
        }
        return shortLivedCa;
    }

    private static byte[] csr(KeyPair keys, String signatureAlgorithm) {
        return csr(keys, keys, signatureAlgorithm, null);
    }

    private static byte[] csr(KeyPair subject, KeyPair signer, String signatureAlgorithm, Function<JcaContentSignerBuilder,
            JcaContentSignerBuilder> provider) {
        try {
            var builder = new JcaContentSignerBuilder(signatureAlgorithm);
            return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=asked"), subject.getPublic())
                    .build((provider == null ? builder : provider.apply(builder)).build(signer.getPrivate())).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] withTrailingBytes(byte[] csr) {
        return Arrays.copyOf(csr, csr.length + 2);
    }

    private static byte[] signedByAnotherKey() {
        return csr(SoftwareKeys.ec(), SoftwareKeys.ec(), "SHA256withECDSA", null);
    }

    private static KeyPair rsaExponent3() {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(2048, BigInteger.valueOf(3)));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JDK no longer makes brainpool keys; BouncyCastle does. */
    private static byte[] brainpoolCsr() {
        try {
            var generator = KeyPairGenerator.getInstance("EC", BC);
            generator.initialize(new ECGenParameterSpec("brainpoolP256r1"));
            KeyPair keys = generator.generateKeyPair();
            return csr(keys, keys, "SHA256withECDSA", builder -> builder.setProvider(BC));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
