package keybound.cli.demo;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import keybound.cli.CliException;
import keybound.cli.ExitCode;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.Pin;
import keybound.token.TokenSelector;
import keybound.token.bc.CsrFactory;
import keybound.token.pkcs11.Pkcs11Module;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code keybound demo}: plays the story on a fresh SoftHSM token directory. The {@code ./keybound}
 * launcher creates that directory and sets {@code SOFTHSM2_CONF} before the JVM starts, because
 * libsofthsm2 reads it from the process environment.
 */
@Command(name = "demo", description = "Play keybound's story end to end on embedded defaults (use ./keybound demo).",
        mixinStandardHelpOptions = true)
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--work-dir", required = true, paramLabel = "DIR",
            description = "fresh directory for tokens and data (./keybound demo makes and removes one)")
    Path workDir;

    @Option(names = "--module", paramLabel = "PATH", defaultValue = "/usr/lib/softhsm/libsofthsm2.so",
            description = "SoftHSM library (default: ${DEFAULT-VALUE})")
    Path module;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null || !Path.of(conf).toAbsolutePath().startsWith(workDir.toAbsolutePath()) || !Files.exists(Path.of(conf))) {
            throw new CliException(ExitCode.CONFIG, "The demo needs its own SoftHSM configuration under --work-dir;"
                    + " run it as ./keybound demo, which sets SOFTHSM2_CONF for you.");
        }
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        try (Pkcs11Module softhsm = Pkcs11Module.open(module)) {
            step(out, "setup", "SoftHSM v2 through its PKCS#11 library " + module + ", tokens under " + workDir);
            try (Pin so = Pin.of("demo-so-pin"); Pin user = Pin.of("1234")) {
                softhsm.initToken("station-1", so, user);
            }
            try (var token = softhsm.token(TokenSelector.label("station-1"));
                 Pin pin = Pin.of("1234");
                 var session = token.open(pin)) {
                step(out, "token", "initialised " + token.info().displayName());
                KeyRef key = session.generateKeyPair(KeyAlgorithm.EC_P256, "bank-logon");
                step(out, "I-2", "generated an EC P-256 key pair ON the token (sensitive, not extractable), id " + key.id());
                PKCS10CertificationRequest csr = CsrFactory.create(session, key, new X500Name("CN=keybound demo"));
                boolean verifies = csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).build(csr.getSubjectPublicKeyInfo()));
                step(out, "I-2", "certificate request signed on the token: subject " + csr.getSubject()
                        + ", proof of possession " + (verifies ? "verifies" : "FAILS")
                        + ", key SHA-256 " + fingerprint(csr.getSubjectPublicKeyInfo().getEncoded()));
                out.println();
                out.println("  credentials on " + token.info().label() + ":");
                session.credentials().forEach(c -> out.printf("    %-12s id %s  %s  %s%n", c.key().label(), c.key().id(),
                        c.key().algorithm(), c.certificate().isPresent() ? "certificate stored" : "no certificate yet"));
            }
        }
        out.printf("%nDone in %.1f s.%n", (System.nanoTime() - started) / 1e9);
        return ExitCode.OK;
    }

    private static void step(PrintWriter out, String manualStep, String text) {
        out.printf("[%-5s] %s%n", manualStep, text);
    }

    private static String fingerprint(byte[] encoded) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encoded)).substring(0, 16) + "...";
    }
}
