package keybound.issuer.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.UUID;
import keybound.issuer.support.Engine;
import keybound.issuer.support.IssuerTestBase;
import keybound.issuer.support.TestCa;
import keybound.testkit.postgres.PostgresServer;
import keybound.token.pkcs11.Pkcs11Module;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The two commands: create the CA on a token, verify the audit chain. */
@ParameterizedClass
@EnumSource(Engine.class)
class ToolsTest extends IssuerTestBase {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void auditCheckReportsAnIntactChainThenTheFirstBrokenEntry() {
        openContract();
        String[] args = arguments();
        assertEquals(0, AuditCheck.run(args, "", out));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("audit chain intact: 2 entries"), printed.toString(StandardCharsets.UTF_8));
        sql("UPDATE audit_entry SET detail = 'x' WHERE seq = 2");
        assertEquals(1, AuditCheck.run(args, "", out));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("audit chain broken at entry 2"), printed.toString(StandardCharsets.UTF_8));
        assertEquals(2, AuditCheck.run(new String[] {"--what"}, "", out));
    }

    @Test
    void createCaOnSoftHsmWritesAVerifiableTwoTierChain() throws Exception {
        String label = TestCa.softHsmToken("create-ca").info().label();
        Path dir = Path.of("target", "create-ca", UUID.randomUUID().toString());
        int code = CreateCa.run(new String[] {"--module", Pkcs11Module.SOFTHSM_DEBIAN.toString(), "--token", label,
                "--root", "CN=Bank Root,O=Test Bank,C=JP", "--issuing", "CN=Bank Issuing,O=Test Bank,C=JP",
                "--out", dir.toString()}, TestCa.CA_PIN.toCharArray(), out, Clock.systemUTC());
        assertEquals(0, code, printed.toString(StandardCharsets.UTF_8));
        X509Certificate root = read(dir.resolve("root.pem"));
        X509Certificate issuing = read(dir.resolve("issuing.pem"));
        root.verify(root.getPublicKey());
        issuing.verify(root.getPublicKey());
        assertEquals(0, issuing.getBasicConstraints());
        assertEquals(2, CreateCa.run(new String[] {"--root", "CN=x", "--out", "y"}, "p".toCharArray(), out, Clock.systemUTC()));
    }

    private String[] arguments() {
        if (engine == Engine.H2) {
            String url = queryString("VALUES DATABASE_PATH()");
            return new String[] {"--h2", Path.of(url).getParent().toString()};
        }
        String url = database.inTransaction(c -> c.getMetaData().getURL());
        return new String[] {"--jdbc", url, "--user", PostgresServer.SUPERUSER};
    }

    private static X509Certificate read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
