package keybound.server.wiring;

import static keybound.server.ConfigKeys.CA_CERTIFICATES;
import static keybound.server.ConfigKeys.CA_CRL_URL;
import static keybound.server.ConfigKeys.CA_KEY_LABEL;
import static keybound.server.ConfigKeys.CA_OCSP_URL;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import keybound.issuer.ca.CaUrls;
import keybound.server.ConfigException;
import keybound.server.ConfigSource;
import keybound.server.ServerConfig;

/**
 * Where the bank's CA is, from the bank's configuration file: read the same way by the server and
 * by the back-office commands, so both sign with the same key and name the same chain and URLs.
 */
public final class CaSettings {

    private CaSettings() {
    }

    /** {@code ca.certificates}, by default {@code <data>/ca}. */
    public static Path certificateDirectory(ConfigSource settings, Path dataDirectory) {
        return Path.of(settings.text(CA_CERTIFICATES).orElse(dataDirectory.resolve("ca").toString()));
    }

    /** The chain below the end-entity certificates: {@code issuing.pem} when there is one, then {@code root.pem}. */
    public static List<X509Certificate> chain(Path directory) {
        List<X509Certificate> chain = new ArrayList<>();
        Path issuing = directory.resolve("issuing.pem");
        if (Files.exists(issuing)) {
            chain.add(readCertificate(issuing, CA_CERTIFICATES));
        }
        chain.add(readCertificate(directory.resolve("root.pem"), CA_CERTIFICATES));
        return chain;
    }

    /** {@code ca.key-label}, by default the issuing CA's key, or the root's when there is no issuing CA. */
    public static String keyLabel(ConfigSource settings, List<X509Certificate> chain) {
        return settings.text(CA_KEY_LABEL).orElse(chain.size() > 1 ? "issuing" : "root");
    }

    /** {@code ca.crl-url} and {@code ca.ocsp-url}, by default under the server's origin. */
    public static CaUrls urls(ConfigSource settings, ServerConfig server) {
        String origin = server.effectiveOrigin();
        return new CaUrls(URI.create(settings.text(CA_CRL_URL).orElse(origin + "/crl")),
                URI.create(settings.text(CA_OCSP_URL).orElse(origin + "/ocsp")));
    }

    /** One PEM or DER certificate from {@code file}, named in a refusal by the setting {@code key} that pointed there. */
    static X509Certificate readCertificate(Path file, String key) {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (NoSuchFileException e) {
            throw new ConfigException(key, "no certificate at " + file
                    + (CA_CERTIFICATES.equals(key) ? " (create the CA first: keybound bank create-ca)" : ""));
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            throw new ConfigException(key, "cannot read a certificate from " + file, e);
        }
    }
}
