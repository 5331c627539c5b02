package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import keybound.issuer.ca.CertificateAuthority;
import keybound.server.fixture.BankFixture;
import keybound.server.wiring.ServerCertificate;
import keybound.testkit.softhsm.SoftHsmExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tls.auto} on a data directory shared by nodes starting at once: exactly one issues the
 * server's key store, the others keep the one it wrote, and no temporary file is left behind.
 */
@ExtendWith(SoftHsmExtension.class)
class TlsAutoRaceTest {

    private static final char[] PASSWORD = "shared-store".toCharArray();
    private static final int NODES = 8;

    @TempDir
    Path directory;

    @Test
    void nodesStartingAtOnceIssueOneKeyStore() throws Exception {
        Path keystore = directory.resolve("data").resolve("server-tls.p12");
        try (BankFixture bank = BankFixture.open(directory.resolve("bank"))) {
            startAtOnce(keystore, bank.assembly().certificateAuthority());
        }
    }

    private void startAtOnce(Path keystore, CertificateAuthority ca) throws Exception {
        var start = new CyclicBarrier(NODES);
        ExecutorService nodes = Executors.newFixedThreadPool(NODES);
        try {
            List<Future<Certificate>> started = new ArrayList<>();
            for (int i = 0; i < NODES; i++) {
                started.add(nodes.submit(() -> {
                    start.await();
                    ServerCertificate.ensure(keystore, PASSWORD, ca, ServerCertificate.namesFor("127.0.0.1"),
                            Clock.systemUTC());
                    return served(keystore); // what this node would load right after
                }));
            }
            Set<Certificate> certificates = new HashSet<>();
            for (Future<Certificate> node : started) {
                certificates.add(node.get());
            }
            assertEquals(1, certificates.size(), "every node loads the one certificate issued");
            assertEquals(Set.of(served(keystore)), certificates);
        } finally {
            nodes.shutdownNow();
        }
        try (Stream<Path> files = Files.list(keystore.getParent())) {
            Set<String> names = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            assertEquals(Set.of("server-tls.p12", "server-tls.p12.lock"), names);
        }
        assertFalse(ServerCertificate.ensure(keystore, PASSWORD, ca, ServerCertificate.namesFor("127.0.0.1"),
                Clock.systemUTC()), "a later start keeps the usable key store");
    }

    private static Certificate served(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD);
        }
        return store.getCertificate(ServerCertificate.ALIAS);
    }
}
