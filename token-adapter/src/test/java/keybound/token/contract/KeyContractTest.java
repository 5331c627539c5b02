package keybound.token.contract;

import static keybound.token.contract.Contract.open;
import static keybound.token.contract.Contract.verifies;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import keybound.token.CredentialQuery;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyNotFoundException;
import keybound.token.KeyRef;
import keybound.token.SignatureAlgorithm;
import keybound.token.Token;
import keybound.token.TokenFullException;
import keybound.token.TokenSession;
import keybound.token.bc.CsrFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Keys, signatures, CSRs and certificates: what every token must do the same way. */
class KeyContractTest {

    static Stream<TokenTarget> targets() {
        return TokenTargets.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void reportsItself(TokenTarget target) {
        try (Token token = target.freshToken()) {
            var info = token.info();
            assertFalse(info.serial().isBlank());
            assertFalse(info.label().isBlank());
            assertFalse(info.pinState().locked());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void generatesKeysWhoseSignaturesTheJceVerifies(TokenTarget target) throws Exception {
        try (Token token = target.freshToken(); TokenSession session = open(token, target.userPin())) {
            for (KeyAlgorithm algorithm : target.algorithms()) {
                KeyRef key = session.generateKeyPair(algorithm, "sign " + algorithm);
                assertEquals(algorithm, key.algorithm());
                byte[] data = ("contract " + algorithm).getBytes(StandardCharsets.UTF_8);
                byte[] signature = session.sign(key, algorithm.defaultSignature(), data);
                assertTrue(verifies(key, session.publicKey(key), data, signature), algorithm.toString());
                assertFalse(verifies(key, session.publicKey(key), "tampered".getBytes(StandardCharsets.UTF_8), signature));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void aCsrSignedOnTheTokenVerifiesAndCarriesTheTokensKey(TokenTarget target) throws Exception {
        try (Token token = target.freshToken(); TokenSession session = open(token, target.userPin())) {
            for (KeyAlgorithm algorithm : target.algorithms()) {
                KeyRef key = session.generateKeyPair(algorithm, "csr " + algorithm);
                var csr = CsrFactory.create(session, key, new X500Name("CN=contract " + algorithm));
                var verifier = new JcaContentVerifierProviderBuilder().setProvider(new BouncyCastleProvider())
                        .build(csr.getSubjectPublicKeyInfo());
                assertTrue(csr.isSignatureValid(verifier));
                assertArrayEquals(session.publicKey(key).getEncoded(), csr.getSubjectPublicKeyInfo().getEncoded());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void certificatesAreStoredListedFoundAndDeletedWithTheirKeys(TokenTarget target) throws Exception {
        Contract.assume(target, TokenTarget.Capability.CERTIFICATE_STORAGE);
        try (Token token = target.freshToken(); TokenSession session = open(token, target.userPin())) {
            KeyAlgorithm algorithm = target.algorithms().iterator().next();
            KeyRef withCert = session.generateKeyPair(algorithm, "with-cert");
            KeyRef bare = session.generateKeyPair(algorithm, "bare");
            X509Certificate certificate = Contract.selfSigned(session, withCert, "Contract Holder");
            session.storeCertificate(withCert, certificate);

            var credentials = session.credentials();
            assertEquals(2, credentials.size(), "keys without a certificate are listed too");
            assertTrue(credentials.stream().anyMatch(c -> c.key().id().equals(bare.id()) && c.certificate().isEmpty()));
            assertEquals(certificate, session.find(CredentialQuery.id(withCert.id())).orElseThrow().certificate().orElseThrow());
            assertEquals(withCert.id(), session.find(CredentialQuery.label("with-cert")).orElseThrow().key().id());
            assertEquals(withCert.id(), session.find(CredentialQuery.subject("Contract Holder")).orElseThrow().key().id());
            assertTrue(session.find(CredentialQuery.subject("Somebody Else")).isEmpty());

            X509Certificate foreign = Contract.selfSigned(session, bare, "Not For This Key");
            assertThrows(IllegalArgumentException.class, () -> session.storeCertificate(withCert, foreign));

            session.delete(withCert);
            assertTrue(session.find(CredentialQuery.id(withCert.id())).isEmpty());
            assertTrue(session.find(CredentialQuery.subject("Contract Holder")).isEmpty());
            assertEquals(List.of(bare.id()), session.credentials().stream().map(c -> c.key().id()).toList());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void aMissingKeyIsNotFound(TokenTarget target) {
        try (Token token = target.freshToken(); TokenSession session = open(token, target.userPin())) {
            KeyAlgorithm algorithm = target.algorithms().iterator().next();
            KeyRef key = session.generateKeyPair(algorithm, "short-lived");
            session.delete(key);
            assertThrows(KeyNotFoundException.class, () -> session.sign(key, algorithm.defaultSignature(), new byte[4]));
            assertThrows(KeyNotFoundException.class, () -> session.delete(key));
            assertTrue(session.find(CredentialQuery.label("short-lived")).isEmpty());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void aFullTokenRefusesAnotherKey(TokenTarget target) {
        Contract.assume(target, TokenTarget.Capability.KEY_CAPACITY);
        try (Token token = target.freshToken(); TokenSession session = open(token, target.userPin())) {
            KeyAlgorithm algorithm = target.algorithms().iterator().next();
            List<KeyRef> keys = new ArrayList<>();
            for (int i = 0; i < target.keyCapacity().orElseThrow(); i++) {
                keys.add(session.generateKeyPair(algorithm, "fill " + i));
            }
            assertThrows(TokenFullException.class, () -> session.generateKeyPair(algorithm, "one too many"));
            session.delete(keys.get(0));
            session.generateKeyPair(algorithm, "room again");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void fourThreadsSignAtOnce(TokenTarget target) throws Exception {
        try (Token token = target.freshToken()) {
            KeyRef key;
            PublicKey publicKey;
            try (TokenSession setup = open(token, target.userPin())) {
                key = setup.generateKeyPair(target.algorithms().iterator().next(), "concurrent");
                publicKey = setup.publicKey(key);
            }
            var executor = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                var start = new CountDownLatch(1);
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    results.add(executor.submit(() -> {
                        start.await();
                        try (TokenSession session = open(token, target.userPin())) {
                            boolean all = true;
                            for (int i = 0; i < 10; i++) {
                                byte[] data = ("t" + thread + "-" + i).getBytes(StandardCharsets.UTF_8);
                                SignatureAlgorithm algorithm = key.algorithm().defaultSignature();
                                all &= verifies(key, publicKey, data, session.sign(key, algorithm, data));
                            }
                            return all;
                        }
                    }));
                }
                start.countDown();
                for (var result : results) {
                    assertTrue(result.get());
                }
            } finally {
                executor.shutdownNow();
            }
        }
    }
}
