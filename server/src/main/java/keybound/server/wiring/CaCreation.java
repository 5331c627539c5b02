package keybound.server.wiring;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import keybound.issuer.ca.CaKeyPair;
import keybound.issuer.ca.CaSetup;
import keybound.issuer.ca.RootUrls;
import keybound.server.revocation.RevocationListener;
import keybound.token.KeyAlgorithm;
import keybound.token.TokenSession;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * The one way the bank's CA is made: a root (20 years, key {@code root}) and an issuing CA under it
 * (10 years, capped at the root's end), both EC P-256 keys generated on the CA token, their
 * certificates written as {@code root.pem} and {@code issuing.pem} where {@link CaSettings#chain}
 * reads them. {@code keybound bank create-ca}, the demo, the tests' bank and the benchmarks all
 * create their CA here.
 */
public final class CaCreation {

    /** The root key's label on the CA token. */
    public static final String ROOT_KEY_LABEL = "root";
    static final Duration ROOT_VALIDITY = Duration.ofDays(7300);
    static final Duration ISSUING_VALIDITY = Duration.ofDays(3650);

    private CaCreation() {
    }

    /** The chain made, issuing CA first. */
    public record Created(X509Certificate issuing, X509Certificate root) {
        public List<X509Certificate> chain() {
            return List.of(issuing, root);
        }
    }

    /**
     * Generates both CA keys on {@code session} (the issuing key labelled {@code issuingLabel}),
     * valid from {@code notBefore}, names them after {@code organisation} and writes the PEM files
     * into {@code directory}.
     */
    public static Created create(TokenSession session, String organisation, String issuingLabel, Instant notBefore,
            Path directory) {
        return create(session, organisation, issuingLabel, notBefore, directory, Optional.empty());
    }

    /**
     * The same, both CA certificates naming the root's CRL (and the issuing CA's the root's certificate) under
     * {@code revocationBase} (the plain-HTTP listener's {@value RevocationListener#ROOT_CRL_PATH} and
     * {@value RevocationListener#ROOT_CERTIFICATE_PATH}) when there is one.
     */
    public static Created create(TokenSession session, String organisation, String issuingLabel, Instant notBefore,
            Path directory, Optional<URI> revocationBase) {
        var setup = new CaSetup();
        Optional<RootUrls> rootUrls = revocationBase.map(base -> new RootUrls(URI.create(base + RevocationListener.ROOT_CRL_PATH),
                URI.create(base + RevocationListener.ROOT_CERTIFICATE_PATH)));
        CaKeyPair root = setup.createRoot(session, KeyAlgorithm.EC_P256, ROOT_KEY_LABEL, name(organisation, "Root CA"), notBefore,
                ROOT_VALIDITY, 1, rootUrls);
        CaKeyPair issuing = setup.createIssuing(root, session, session, KeyAlgorithm.EC_P256, issuingLabel,
                name(organisation, "Issuing CA"), notBefore, ISSUING_VALIDITY, rootUrls);
        var created = new Created(issuing.certificate(), root.certificate());
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("issuing.pem"), pem(List.of(created.issuing())), StandardCharsets.US_ASCII);
            Files.writeString(directory.resolve("root.pem"), pem(List.of(created.root())), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CA certificates to " + directory, e);
        }
        return created;
    }

    /** Whether {@code directory} already holds a CA: the bank keeps one. */
    public static boolean exists(Path directory) {
        return Files.exists(directory.resolve("root.pem"));
    }

    /** PEM text of certificates, CRLs or any object BouncyCastle can write. */
    public static String pem(List<?> objects) {
        var text = new StringWriter();
        try (var writer = new JcaPEMWriter(text)) {
            for (Object o : objects) {
                writer.writeObject(o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    // Built attribute by attribute: an organisation name with a comma stays one value.
    private static X500Name name(String organisation, String role) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "JP").addRDN(BCStyle.O, organisation)
                .addRDN(BCStyle.CN, organisation + " " + role).build();
    }
}
