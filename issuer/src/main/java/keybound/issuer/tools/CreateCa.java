package keybound.issuer.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import keybound.issuer.ca.CaKeyPair;
import keybound.issuer.ca.CaSetup;
import keybound.issuer.ca.dev.Pkcs12DevToken;
import keybound.token.KeyAlgorithm;
import keybound.token.Secret;
import keybound.token.Token;
import keybound.token.TokenSelector;
import keybound.token.TokenSession;
import keybound.token.pkcs11.Pkcs11Module;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * Creates the bank's CA on a token and writes its certificates as PEM.
 *
 * <pre>
 *   CreateCa --module &lt;pkcs11 library&gt; --token &lt;label&gt; --root "&lt;DN&gt;" [--issuing "&lt;DN&gt;"] --out &lt;dir&gt;
 *   CreateCa --dev-pkcs12 &lt;file&gt; --root "&lt;DN&gt;" [--issuing "&lt;DN&gt;"] --out &lt;dir&gt;   (development only)
 * </pre>
 *
 * The token PIN comes from KEYBOUND_CA_PIN, never from the command line. With {@code --issuing}
 * the root (20 years) signs an issuing CA (10 years) whose key label is {@code issuing};
 * otherwise the root (key label {@code root}) issues customer certificates itself.
 * Exit codes: 0 created, 2 usage.
 */
public final class CreateCa {

    private CreateCa() {
    }

    public static void main(String[] args) {
        String pin = System.getenv("KEYBOUND_CA_PIN");
        System.exit(run(args, pin == null ? null : pin.toCharArray(), System.out, Clock.systemUTC()));
    }

    public static int run(String[] args, char[] pin, PrintStream out, Clock clock) {
        Map<String, String> options = options(args);
        if (options == null || pin == null || !options.containsKey("--root") || !options.containsKey("--out")
                || (options.containsKey("--module") == options.containsKey("--dev-pkcs12"))
                || (options.containsKey("--module") && !options.containsKey("--token"))) {
            out.println("usage: CreateCa (--module <lib> --token <label> | --dev-pkcs12 <file>) --root <DN> "
                    + "[--issuing <DN>] --out <dir>   (PIN in KEYBOUND_CA_PIN)");
            return 2;
        }
        Pkcs11Module module = null;
        try {
            Token token;
            if (options.containsKey("--module")) {
                module = Pkcs11Module.open(Path.of(options.get("--module")));
                token = module.token(TokenSelector.label(options.get("--token")));
            } else {
                token = new Pkcs12DevToken(Path.of(options.get("--dev-pkcs12")), "development-ca");
            }
            TokenSession session;
            try (Secret p = Secret.of(pin)) {
                session = token.open(p);
            } finally {
                Secret.wipe(pin);
            }
            try (session) {
                create(session, options, out, clock);
            }
            return 0;
        } finally {
            if (module != null) {
                module.close();
            }
        }
    }

    private static void create(TokenSession session, Map<String, String> options, PrintStream out, Clock clock) {
        var setup = new CaSetup();
        boolean twoTier = options.containsKey("--issuing");
        CaKeyPair root = setup.createRoot(session, KeyAlgorithm.EC_P256, "root", new X500Name(options.get("--root")),
                clock.instant(), Duration.ofDays(7300), twoTier ? 1 : 0);
        Path dir = Path.of(options.get("--out"));
        write(dir.resolve("root.pem"), root.certificate());
        out.println("root CA " + root.certificate().getSubjectX500Principal() + " -> " + dir.resolve("root.pem"));
        if (twoTier) {
            CaKeyPair issuing = setup.createIssuing(root, session, session, KeyAlgorithm.EC_P256, "issuing",
                    new X500Name(options.get("--issuing")), clock.instant(), Duration.ofDays(3650));
            write(dir.resolve("issuing.pem"), issuing.certificate());
            out.println("issuing CA " + issuing.certificate().getSubjectX500Principal() + " -> " + dir.resolve("issuing.pem"));
        }
    }

    private static Map<String, String> options(String[] args) {
        if (args.length % 2 != 0) {
            return null;
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                return null;
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    private static void write(Path file, X509Certificate certificate) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
