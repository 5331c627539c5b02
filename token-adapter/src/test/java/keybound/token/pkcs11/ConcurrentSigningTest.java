package keybound.token.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.testkit.softhsm.TokenSpec;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.Secret;
import keybound.token.TokenSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Six threads sign on one token at once with EC and RSA keys, each on its own lease, while two
 * more threads keep opening and closing leases: no CKR_OPERATION_ACTIVE, no lost login, no
 * session-handle errors, and every signature verifies.
 */
@ExtendWith(SoftHsmExtension.class)
class ConcurrentSigningTest {

    private static final int SIGNERS = 6;
    private static final int CHURNERS = 2;
    private static final int SIGNATURES_PER_THREAD = 40;

    /** Bare keys sign through the IAIK wrapper, certified keys through SunPKCS11 (SunPkcs11Route). */
    @ParameterizedTest(name = "certified keys: {0}")
    @ValueSource(booleans = {false, true})
    void manyThreadsSignAtOnceWhileLeasesComeAndGo(boolean certified) throws Exception {
        TokenSpec spec = SoftHsmTokens.create("p11-concurrent");
        try (Pkcs11Token token = SoftHsmTokens.token(spec)) {
            KeyRef ec;
            KeyRef rsa;
            PublicKey ecPublic;
            PublicKey rsaPublic;
            try (TokenSession setup = open(token, spec)) {
                ec = setup.generateKeyPair(KeyAlgorithm.EC_P256, "concurrent-ec");
                rsa = setup.generateKeyPair(KeyAlgorithm.RSA_2048, "concurrent-rsa");
                ecPublic = setup.publicKey(ec);
                rsaPublic = setup.publicKey(rsa);
                if (certified) {
                    SoftHsmTokens.selfCertify(setup, ec);
                    SoftHsmTokens.selfCertify(setup, rsa);
                }
            }
            var start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(SIGNERS + CHURNERS);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < SIGNERS; i++) {
                    KeyRef key = i % 2 == 0 ? ec : rsa;
                    PublicKey publicKey = i % 2 == 0 ? ecPublic : rsaPublic;
                    int thread = i;
                    results.add(pool.submit(signer(token, spec, key, publicKey, thread, start)));
                }
                for (int i = 0; i < CHURNERS; i++) {
                    results.add(pool.submit(churner(token, spec, start)));
                }
                start.countDown();
                int signed = 0;
                for (int i = 0; i < SIGNERS; i++) {
                    signed += results.get(i).get();
                }
                for (int i = SIGNERS; i < results.size(); i++) {
                    assertTrue(results.get(i).get() > 0);
                }
                assertEquals(SIGNERS * SIGNATURES_PER_THREAD, signed);
            } finally {
                pool.shutdownNow();
            }
            // every lease closed: the token is logged out again
            assertTrue(!token.call("check login", s -> s.getSessionInfo().getState()
                    == org.xipki.pkcs11.wrapper.PKCS11Constants.CKS_RW_USER_FUNCTIONS));
            try (TokenSession last = open(token, spec)) {
                last.sign(ec, ec.algorithm().defaultSignature(), new byte[1]);
                assertEquals(certified, token.keyHandles().route().signsThrough(ec.id()), "the route taken");
            }
        }
    }

    private static Callable<Integer> signer(Pkcs11Token token, TokenSpec spec, KeyRef key, PublicKey publicKey,
                                            int thread, CountDownLatch start) {
        return () -> {
            start.await();
            int verified = 0;
            try (TokenSession session = open(token, spec)) {
                for (int i = 0; i < SIGNATURES_PER_THREAD; i++) {
                    byte[] data = ("thread " + thread + " message " + i).getBytes();
                    byte[] signature = session.sign(key, key.algorithm().defaultSignature(), data);
                    var verifier = Signature.getInstance(key.algorithm().defaultSignature().jcaName());
                    verifier.initVerify(publicKey);
                    verifier.update(data);
                    if (verifier.verify(signature)) {
                        verified++;
                    }
                }
            }
            return verified;
        };
    }

    private static Callable<Integer> churner(Pkcs11Token token, TokenSpec spec, CountDownLatch start) {
        return () -> {
            start.await();
            int leases = 0;
            for (int i = 0; i < 30; i++) {
                try (TokenSession session = open(token, spec)) {
                    session.credentials();
                    leases++;
                }
            }
            return leases;
        };
    }

    private static TokenSession open(Pkcs11Token token, TokenSpec spec) {
        try (Secret pin = Secret.of(spec.userPin())) {
            return token.open(pin);
        }
    }
}
