package keybound.bench.logon;

import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.util.List;
import java.util.Locale;
import keybound.bench.Benchmark;
import keybound.logon.challenge.SignatureVerifier;
import keybound.testkit.ca.TestCa;

/**
 * Prints verifications per second of a signed-challenge answer: the JDK's ECDSA P-256 against
 * BouncyCastle's (what {@link SignatureVerifier} uses), and RSA-2048 on the JDK. Single thread,
 * after a warm-up. Run: {@code benchmarks/run verify [seconds]} (default 3).
 */
public final class SignatureVerifyBenchmark implements Benchmark {

    private static final byte[] DATA = new byte[28 + 2 + 30 + 1 + 32 + 8]; // a challenge's size

    private interface Verify {
        boolean run() throws Exception;
    }

    @Override
    public void run(List<String> args) throws Exception {
        double seconds = args.isEmpty() ? 3 : Double.parseDouble(args.get(0));
        KeyPair ec = TestCa.ecKeyPair();
        KeyPair rsa = TestCa.rsaKeyPair();
        byte[] ecSignature = sign(ec, "SHA256withECDSA");
        byte[] rsaSignature = sign(rsa, "SHA256withRSA");
        SignatureVerifier verifier = new SignatureVerifier();

        System.out.println("| verification (SHA-256) | provider | per second |");
        System.out.println("|---|---|---:|");
        row("ECDSA P-256", "JDK (SunEC)", seconds, () -> jdkVerify(ec.getPublic(), "SHA256withECDSA", ecSignature));
        row("ECDSA P-256", "BouncyCastle (SignatureVerifier)", seconds, () -> verifier.verify(ec.getPublic(), DATA, ecSignature));
        row("RSA-2048 PKCS#1 v1.5", "JDK (SignatureVerifier)", seconds, () -> verifier.verify(rsa.getPublic(), DATA, rsaSignature));
    }

    private static void row(String what, String provider, double seconds, Verify verify) throws Exception {
        measure(verify, seconds / 2); // warm-up
        System.out.printf(Locale.ROOT, "| %s | %s | %,.0f |%n", what, provider, measure(verify, seconds));
    }

    private static double measure(Verify verify, double seconds) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long count = 0;
        while (System.nanoTime() < end) {
            if (!verify.run()) {
                throw new IllegalStateException("signature did not verify");
            }
            count++;
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static boolean jdkVerify(PublicKey key, String algorithm, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(key);
        verifier.update(DATA);
        return verifier.verify(signature);
    }

    private static byte[] sign(KeyPair keys, String algorithm) throws Exception {
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(keys.getPrivate());
        signer.update(DATA);
        return signer.sign();
    }
}
