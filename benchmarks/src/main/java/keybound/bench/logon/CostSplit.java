package keybound.bench.logon;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import keybound.credentials.HashParameters;
import keybound.credentials.SecretHasher;
import keybound.logon.Account;
import keybound.logon.CertificateFingerprint;
import keybound.logon.FactorCheck;
import keybound.logon.SecretKind;
import keybound.logon.session.LogonMethod;
import keybound.logon.session.SessionBinding;
import keybound.logon.session.SessionPolicy;
import keybound.logon.session.Sessions;
import keybound.server.TlsEcdsa;
import keybound.server.wiring.IssuerPorts;
import keybound.token.Secret;

/**
 * The server's cost per logon, part by part, each measured alone on this thread in CPU time
 * (batch means, see {@link ThreadCpu}) on the bank the load ran against, through the same ports
 * the server calls: the TLS handshake's server side, one ECDSA verification, the certificate
 * check in the registry, the account lock check, the secret check (hash alone, and with its
 * database reads and writes), and the session row.
 */
final class CostSplit {

    private static final int BATCHES = 7;

    private final BenchBank bank;
    private final IssuerPorts ports;
    private final HashParameters hash;
    private final X509Certificate certificate;
    private final Account user;

    CostSplit(BenchBank bank, HashParameters hash) {
        this.bank = bank;
        this.ports = new IssuerPorts(bank.issuer);
        this.hash = hash;
        this.certificate = bank.users.get(0).certificate();
        this.user = ports.holderOf(certificate).orElseThrow();
    }

    /** Server-side CPU of a full mutual-TLS 1.3 handshake, with JDK or BouncyCastle ECDSA verification. */
    List<Double> handshake(boolean bouncyCastle) throws Exception {
        useEcdsa(bouncyCastle);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        KeyPair clientKeys = ec.generateKeyPair();
        try (var cost = new HandshakeCost(bank.serverConfig, bank.caChain(), clientKeys, softwareUser(clientKeys))) {
            return cost.serverMicros(BATCHES, 30);
        }
    }

    /** A certificate from the bank CA for a software key (for the in-memory handshake only). */
    private X509Certificate softwareUser(KeyPair keys) throws Exception {
        var builder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(bank.caChain().get(0),
                java.math.BigInteger.valueOf(System.nanoTime()), new java.util.Date(System.currentTimeMillis() - 60_000),
                new java.util.Date(System.currentTimeMillis() + 86_400_000L),
                new org.bouncycastle.asn1.x500.X500Name("CN=bench client"), keys.getPublic());
        builder.addExtension(org.bouncycastle.asn1.x509.Extension.extendedKeyUsage, false,
                new org.bouncycastle.asn1.x509.ExtendedKeyUsage(org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_clientAuth));
        return bank.sign(builder);
    }

    /** One SHA256withECDSA P-256 verification, looked up as JSSE looks it up. */
    List<Double> ecdsaVerify(boolean bouncyCastle) throws Exception {
        useEcdsa(bouncyCastle);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        KeyPair keys = ec.generateKeyPair();
        byte[] data = new byte[256];
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update(data);
        byte[] signature = signer.sign();
        ThreadCpu.Operation verify = () -> {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(keys.getPublic());
            verifier.update(data);
            if (!verifier.verify(signature)) {
                throw new IllegalStateException("signature did not verify");
            }
        };
        ThreadCpu.batchMeans(1, 500, verify); // warm-up
        return ThreadCpu.batchMeans(BATCHES, bouncyCastle ? 200 : 50, verify);
    }

    /**
     * One SHA256withECDSA P-256 signature by {@code provider}: the server signs its CertificateVerify
     * with its software key in every handshake, and {@link TlsEcdsa} moves only verification to BC.
     */
    static List<Double> ecdsaSign(java.security.Provider provider) throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        KeyPair keys = ec.generateKeyPair();
        byte[] data = new byte[256];
        ThreadCpu.Operation sign = () -> {
            Signature signer = Signature.getInstance("SHA256withECDSA", provider);
            signer.initSign(keys.getPrivate());
            signer.update(data);
            signer.sign();
        };
        ThreadCpu.batchMeans(1, 300, sign);
        return ThreadCpu.batchMeans(BATCHES, 50, sign);
    }

    /** The logon's account check: the certificate's standing and holder in the registry, and its fingerprint. */
    List<Double> certificateCheck() throws Exception {
        ThreadCpu.Operation check = () -> {
            ports.standing(certificate);
            ports.holderOf(certificate).orElseThrow();
            CertificateFingerprint.of(certificate);
        };
        ThreadCpu.batchMeans(1, 300, check);
        return ThreadCpu.batchMeans(BATCHES, 200, check);
    }

    /** Whether the account is locked, asked before the second step is offered (a database read). */
    List<Double> lockCheck() throws Exception {
        ThreadCpu.Operation check = () -> {
            if (ports.isLocked(user)) {
                throw new IllegalStateException("the bench user is locked");
            }
        };
        ThreadCpu.batchMeans(1, 300, check);
        return ThreadCpu.batchMeans(BATCHES, 200, check);
    }

    /** Argon2id verification of a 6-digit secret alone at {@code parameters}. */
    static List<Double> hash(HashParameters parameters) throws Exception {
        SecretHasher hasher = new SecretHasher(parameters);
        String stored;
        try (Secret secret = Secret.of("123456")) {
            stored = hasher.hash(secret);
        }
        ThreadCpu.Operation verify = () -> {
            try (Secret secret = Secret.of("123456")) {
                if (!hasher.verify(secret, stored)) {
                    throw new IllegalStateException("hash did not verify");
                }
            }
        };
        int perBatch = perBatch(parameters);
        ThreadCpu.batchMeans(1, perBatch, verify);
        return ThreadCpu.batchMeans(BATCHES, perBatch, verify);
    }

    /** The ト check through the server's port and the hash alone, interleaved; their batch means. */
    record SecretCheck(List<Double> check, List<Double> hashAlone, List<Double> database) {
    }

    /**
     * The ト check through the server's port (the hash plus the registry's reads and the failure
     * count's reset), each call paired with one hash alone, so that the database's share (check −
     * hash, per batch) is not lost in the hash's noise on a busy machine.
     */
    SecretCheck secretCheck() throws Exception {
        Secret pin = bank.users.get(0).userPin();
        SecretHasher hasher = new SecretHasher(hash);
        String stored = hasher.hash(pin);
        ThreadCpu.Operation check = () -> {
            if (pin.withChars(chars -> ports.check(user, SecretKind.USER_PIN, chars)) != FactorCheck.ACCEPTED) {
                throw new IllegalStateException("ト was not accepted");
            }
        };
        ThreadCpu.Operation hashAlone = () -> {
            if (!hasher.verify(pin, stored)) {
                throw new IllegalStateException("hash did not verify");
            }
        };
        int perBatch = perBatch(hash);
        ThreadCpu.batchMeans(1, perBatch, check);
        ThreadCpu.batchMeans(1, perBatch, hashAlone);
        List<Double> checks = new ArrayList<>();
        List<Double> hashes = new ArrayList<>();
        List<Double> database = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            long checkNanos = 0;
            long hashNanos = 0;
            for (int i = 0; i < perBatch; i++) {
                long start = ThreadCpu.now();
                check.run();
                long middle = ThreadCpu.now();
                hashAlone.run();
                checkNanos += middle - start;
                hashNanos += ThreadCpu.now() - middle;
            }
            checks.add(checkNanos / 1000.0 / perBatch);
            hashes.add(hashNanos / 1000.0 / perBatch);
            database.add((checkNanos - hashNanos) / 1000.0 / perBatch);
        }
        return new SecretCheck(checks, hashes, database);
    }

    /** Opening a session: a random id and one row in the registry's session table, as the server stores it. */
    List<Double> sessionInsert() throws Exception {
        var sessions = new Sessions(bank.logonState.sessions(), SessionPolicy.DEFAULT, new SecureRandom(), Clock.systemUTC());
        SessionBinding binding = SessionBinding.to(CertificateFingerprint.of(certificate));
        ThreadCpu.Operation open = () -> sessions.open(user, LogonMethod.MUTUAL_TLS, binding);
        ThreadCpu.batchMeans(1, 300, open);
        return ThreadCpu.batchMeans(BATCHES, 200, open);
    }

    private static int perBatch(HashParameters parameters) {
        return parameters.memoryKiB() >= 16_384 ? 3 : 30;
    }

    private static void useEcdsa(boolean bouncyCastle) {
        if (bouncyCastle) {
            TlsEcdsa.useBouncyCastle();
        } else {
            TlsEcdsa.useJdk();
        }
    }
}
