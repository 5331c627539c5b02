package keybound.bench.logon;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.X509Certificate;
import keybound.credentials.HashParameters;
import keybound.credentials.Secret;
import keybound.credentials.SecretHasher;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.UserId;
import keybound.issuer.contract.UserSecret;
import keybound.server.TlsEcdsa;
import keybound.server.issuer.IssuerPorts;

/**
 * The server's cost per logon, part by part, each measured alone in this process on the bank
 * the load ran against: the TLS handshake's server side, the certificate check in the registry,
 * one ECDSA verification (JDK vs BouncyCastle), the secret hash, and the database work of the
 * secret check around the hash.
 */
final class CostSplit {

    private CostSplit() {
    }

    static double handshakeMicros(BenchBank bank, boolean bouncyCastle, int count) throws Exception {
        if (bouncyCastle) {
            TlsEcdsa.useBouncyCastle();
        } else {
            TlsEcdsa.useJdk();
        }
        KeyStore serverKeys = KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(bank.directory.resolve("server.p12"))) {
            serverKeys.load(in, BenchBank.STORE_PASSWORD);
        }
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        KeyPair clientKeys = ec.generateKeyPair();
        X509Certificate clientCertificate = softwareUser(bank, clientKeys);
        var cost = new HandshakeCost(serverKeys, BenchBank.STORE_PASSWORD, bank.caChain(), clientKeys, clientCertificate);
        return cost.serverNanosPerHandshake(count) / 1000.0;
    }

    /** A certificate from the bank CA for a software key (for the in-memory handshake only). */
    private static X509Certificate softwareUser(BenchBank bank, KeyPair keys) throws Exception {
        var builder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(bank.caChain().get(0),
                java.math.BigInteger.valueOf(System.nanoTime()), new java.util.Date(System.currentTimeMillis() - 60_000),
                new java.util.Date(System.currentTimeMillis() + 86_400_000L),
                new org.bouncycastle.asn1.x500.X500Name("CN=bench client"), keys.getPublic());
        builder.addExtension(org.bouncycastle.asn1.x509.Extension.extendedKeyUsage, false,
                new org.bouncycastle.asn1.x509.ExtendedKeyUsage(org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_clientAuth));
        return bank.sign(builder);
    }

    static double certificateCheckMicros(BenchBank bank, int count) {
        var ports = new IssuerPorts(bank.issuer);
        X509Certificate certificate = bank.users.get(0).certificate();
        for (int i = 0; i < 200; i++) {
            ports.standing(certificate);
            ports.holderOf(certificate);
        }
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            ports.standing(certificate);
            ports.holderOf(certificate);
        }
        return (System.nanoTime() - start) / 1000.0 / count;
    }

    static double ecdsaVerifyMicros(boolean bouncyCastle, int count) throws Exception {
        if (bouncyCastle) {
            TlsEcdsa.useBouncyCastle();
        } else {
            TlsEcdsa.useJdk();
        }
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        KeyPair keys = ec.generateKeyPair();
        byte[] data = new byte[256];
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update(data);
        byte[] signature = signer.sign();
        for (int i = 0; i < 3000; i++) {
            verify(keys, data, signature);
        }
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            verify(keys, data, signature);
        }
        return (System.nanoTime() - start) / 1000.0 / count;
    }

    private static void verify(KeyPair keys, byte[] data, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(keys.getPublic());
        verifier.update(data);
        if (!verifier.verify(signature)) {
            throw new IllegalStateException("signature did not verify");
        }
    }

    static double hashMicros(HashParameters parameters, int count) {
        SecretHasher hasher = new SecretHasher(parameters);
        String stored;
        try (Secret secret = Secret.of("123456")) {
            stored = hasher.hash(secret);
        }
        for (int i = 0; i < Math.max(3, count / 4); i++) { // warm-up
            try (Secret secret = Secret.of("123456")) {
                hasher.verify(secret, stored);
            }
        }
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            try (Secret secret = Secret.of("123456")) {
                if (!hasher.verify(secret, stored)) {
                    throw new IllegalStateException("hash did not verify");
                }
            }
        }
        return (System.nanoTime() - start) / 1000.0 / count;
    }

    /** The issuer's ト check with its database reads and writes, hash included. */
    static double secretCheckMicros(BenchBank bank, int count) {
        BenchBank.BenchUser user = bank.users.get(0);
        var holder = bank.issuer.holderOf(user.certificate()).orElseThrow();
        ContractId contract = holder.contract();
        UserId id = holder.user().orElseThrow();
        for (int i = 0; i < Math.max(3, count / 4); i++) { // warm-up
            try (Secret secret = Secret.of(user.userPin())) {
                bank.issuer.secrets().checkUser(contract, id, UserSecret.USER_PIN, secret);
            }
        }
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            try (Secret secret = Secret.of(user.userPin())) {
                bank.issuer.secrets().checkUser(contract, id, UserSecret.USER_PIN, secret);
            }
        }
        return (System.nanoTime() - start) / 1000.0 / count;
    }
}
