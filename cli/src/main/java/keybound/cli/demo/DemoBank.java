package keybound.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import keybound.credentials.HashParameters;
import keybound.issuer.Issuer;
import keybound.server.BankServer;
import keybound.server.wiring.BankAssembly;
import keybound.server.wiring.CaCreation;
import keybound.token.Secret;
import keybound.token.pkcs11.Pkcs11Module;

/**
 * The bank for the demo, all in this process and put together exactly as {@code keybound server}
 * puts it together ({@link BankAssembly} over a configuration file): its CA key on a SoftHSM token
 * (created as {@code keybound bank create-ca} creates it), its registry in H2 under the demo's
 * directory, and its HTTPS server on loopback (a free port, its certificate from the bank CA).
 */
public final class DemoBank implements AutoCloseable {

    private static final String STORE_PASSWORD = "demo-store-password";

    private final BankAssembly assembly;
    private final BankServer server;

    public DemoBank(Pkcs11Module softhsm, Path directory, String caLabel, String caPin, Clock clock) {
        this(softhsm, directory, caLabel, caPin, clock, List.of());
    }

    /**
     * A bank that verifies card attestation statements against {@code cardManufacturers} (their
     * CA certificates, as a bank's {@code card.trust-anchors}; with none, no statement verifies),
     * with further configuration {@code settings} ({@code key=value}, e.g. certificates renewable at once),
     * its time read from {@code clock}.
     */
    public DemoBank(Pkcs11Module softhsm, Path directory, String caLabel, String caPin, Clock clock, List<X509Certificate> cardManufacturers,
            String... settings) {
        try (Secret so = Secret.of("demo-ca-so-pin"); Secret user = Secret.of(caPin)) {
            softhsm.initToken(caLabel, so, user);
        }
        Path file = configuration(softhsm, directory, caLabel, cardManufacturers, settings);
        byte[] sealing = new byte[32];
        new SecureRandom().nextBytes(sealing);
        assembly = BankAssembly.of(file, Map.of(BankAssembly.CA_PIN, caPin,
                BankAssembly.CARD_SEALING_KEY, Base64.getEncoder().encodeToString(sealing)), clock);
        try {
            assembly.createCa("Keybound Shinkin Bank");
            server = assembly.serve();
        } catch (RuntimeException e) {
            assembly.close();
            throw e;
        }
    }

    private static Path configuration(Pkcs11Module softhsm, Path directory, String caLabel, List<X509Certificate> cardManufacturers,
            String... settings) {
        List<String> lines = new ArrayList<>(List.of("listen.host=127.0.0.1", "listen.port=0",
                "data.dir=" + directory.resolve("registry"), "ca.module=" + softhsm.path(), "ca.token-label=" + caLabel,
                "ca.crl-url=https://127.0.0.1/crl", "ca.ocsp-url=https://127.0.0.1/ocsp", "tls.auto=true",
                "tls.keystore.path=" + directory.resolve("server.p12"), "tls.keystore.password=" + STORE_PASSWORD,
                "tls.truststore.path=" + directory.resolve("bank-ca.p12"), "tls.truststore.password=" + STORE_PASSWORD,
                // cheap secret hashing: the demo shows the flow, not the Argon2id cost (see docs/benchmarks.md)
                "secrets.hash.memory-kib=" + HashParameters.testing().memoryKiB(),
                "secrets.hash.iterations=" + HashParameters.testing().iterations(),
                "secrets.hash.parallelism=" + HashParameters.testing().parallelism()));
        try {
            List<String> anchors = new ArrayList<>();
            for (int i = 0; i < cardManufacturers.size(); i++) {
                Path pem = directory.resolve("card-maker-" + i + ".pem");
                Files.writeString(pem, CaCreation.pem(List.of(cardManufacturers.get(i))));
                anchors.add(pem.toString());
            }
            if (!anchors.isEmpty()) {
                lines.add("card.trust-anchors=" + String.join(",", anchors));
            }
            lines.addAll(List.of(settings));
            return Files.writeString(directory.resolve("bank.properties"), String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Issuer issuer() {
        return assembly.issuer();
    }

    public List<X509Certificate> chain() {
        return assembly.certificateAuthority().chain();
    }

    public URI address() {
        return URI.create("https://127.0.0.1:" + server.port() + "/");
    }

    @Override
    public void close() {
        assembly.close();
    }
}
