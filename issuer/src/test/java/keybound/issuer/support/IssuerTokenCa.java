package keybound.issuer.support;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import keybound.issuer.ca.CaKeyPair;
import keybound.issuer.ca.CaSetup;
import keybound.issuer.ca.CaSigner;
import keybound.issuer.ca.CaUrls;
import keybound.issuer.ca.CertificateAuthority;
import keybound.issuer.ca.dev.Pkcs12DevToken;
import keybound.token.KeyAlgorithm;
import keybound.testkit.softhsm.SoftHsmEnvironment;
import keybound.testkit.softhsm.TokenSpec;
import keybound.token.Secret;
import keybound.token.TokenSelector;
import keybound.token.pkcs11.Pkcs11Module;
import keybound.token.Token;
import keybound.token.TokenSession;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * The test CA: a root and an issuing CA, both created through the Token API on a real SoftHSM
 * token, shared by the JVM. The PKCS#12 development token plugs into the same {@link #create}.
 */
public final class IssuerTokenCa {

    public static final CaUrls URLS = new CaUrls(URI.create("http://127.0.0.1:8080/crl"), URI.create("http://127.0.0.1:8080/ocsp"));
    public static final Instant CA_START = Instant.parse("2026-01-01T00:00:00Z");
    public static final String CA_PIN = "ca-test-pin";
    private static CertificateAuthority shared;

    private IssuerTokenCa() {
    }

    private static Pkcs11Module module;

    /** The JVM's CA, its keys on a fresh SoftHSM token. */
    public static synchronized CertificateAuthority shared() {
        if (shared == null) {
            shared = create(softHsmToken("issuer-ca"), Duration.ofDays(3650));
        }
        return shared;
    }

    /** A fresh SoftHSM token (created in-process with C_InitToken), logged in with the test user PIN by {@link #create}. */
    public static synchronized Token softHsmToken(String prefix) {
        if (module == null) {
            module = Pkcs11Module.open(SoftHsmEnvironment.current().module());
        }
        TokenSpec spec = TokenSpec.fresh(prefix);
        try (Secret so = Secret.of(spec.soPin()); Secret user = Secret.of(CA_PIN)) {
            module.initToken(spec.label(), so, user);
        }
        return module.token(TokenSelector.label(spec.label()));
    }

    /** The SoftHSM token labelled {@code label} again, through the JVM's module (as after it was closed). */
    public static synchronized Token reopen(String label) {
        return module.token(TokenSelector.label(label));
    }

    public static Token devToken(String label) {
        return new Pkcs12DevToken(Path.of("target", "ca-tokens", UUID.randomUUID() + ".p12"), label);
    }

    /** Root + issuing CA on {@code token}, the issuing CA valid for {@code validity} from {@link #CA_START}. */
    public static CertificateAuthority create(Token token, Duration validity) {
        TokenSession session;
        try (Secret pin = Secret.of(CA_PIN)) {
            session = token.open(pin);
        }
        var setup = new CaSetup();
        CaKeyPair root = setup.createRoot(session, KeyAlgorithm.EC_P256, "root", new X500Name("C=JP,O=keybound test bank,CN=Root CA"),
                CA_START, Duration.ofDays(7300), 1);
        CaKeyPair issuing = setup.createIssuing(root, session, session, KeyAlgorithm.EC_P256, "issuing",
                new X500Name("C=JP,O=keybound test bank,CN=Issuing CA"), CA_START, validity);
        var signer = new CaSigner(session, issuing.key());
        return new CertificateAuthority(signer, List.of(issuing.certificate(), root.certificate()), URLS,
                Optional.of(signer.sibling(root.key())));
    }
}
