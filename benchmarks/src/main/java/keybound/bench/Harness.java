package keybound.bench;

import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import keybound.token.KeyRef;

/**
 * Runs one path with N threads for fixed periods and counts signatures. Every signer's output
 * is verified with the JCE once before timing, so a fast but wrong path cannot win.
 */
final class Harness {

    record Settings(int warmupSeconds, int iterations, int seconds) {
    }

    /** Signatures per second of each measured iteration. */
    record Measurement(List<Double> perIteration) {
        double mean() {
            return perIteration.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        }

        double median() {
            double[] sorted = perIteration.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int mid = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }

        double min() {
            return perIteration.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        }

        double max() {
            return perIteration.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }
    }

    private static final byte[] MESSAGE = new byte[1024];

    private Harness() {
    }

    /**
     * Measures the paths interleaved (A B C, B C A, C A B, ...) so that load from other
     * processes on a shared machine hits every path alike; each path keeps its own signers.
     */
    static List<Measurement> measure(List<SignPath> paths, KeyRef key, PublicKey publicKey, int threads,
                                     Settings settings) throws Exception {
        List<List<SignPath.Signer>> signers = new ArrayList<>();
        try {
            for (SignPath path : paths) {
                List<SignPath.Signer> own = new ArrayList<>();
                signers.add(own);
                for (int i = 0; i < threads; i++) {
                    SignPath.Signer signer = path.newSigner();
                    own.add(signer);
                    verifyOnce(signer, key, publicKey);
                }
                run(own, settings.warmupSeconds());
            }
            List<List<Double>> rates = new ArrayList<>();
            paths.forEach(path -> rates.add(new ArrayList<>()));
            for (int i = 0; i < settings.iterations(); i++) {
                for (int j = 0; j < paths.size(); j++) {
                    int index = (i + j) % paths.size();
                    rates.get(index).add(run(signers.get(index), settings.seconds()));
                }
            }
            return rates.stream().map(Measurement::new).toList();
        } finally {
            for (List<SignPath.Signer> own : signers) {
                for (SignPath.Signer signer : own) {
                    signer.close();
                }
            }
        }
    }

    private static void verifyOnce(SignPath.Signer signer, KeyRef key, PublicKey publicKey) throws Exception {
        var verifier = Signature.getInstance(key.algorithm().defaultSignature().jcaName());
        verifier.initVerify(publicKey);
        verifier.update(MESSAGE);
        if (!verifier.verify(signer.sign(MESSAGE))) {
            throw new IllegalStateException("a signer produced a signature the JCE rejects");
        }
    }

    /** All signers sign as fast as they can for {@code seconds}; returns signatures per second. */
    private static double run(List<SignPath.Signer> signers, int seconds) throws Exception {
        var stop = new AtomicBoolean();
        var start = new CountDownLatch(1);
        var failure = new AtomicReference<Exception>();
        long[] counts = new long[signers.size()];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < signers.size(); i++) {
            int index = i;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    long n = 0;
                    while (!stop.get()) {
                        signers.get(index).sign(MESSAGE);
                        n++;
                    }
                    counts[index] = n;
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "signer-" + i);
            threads.add(thread);
            thread.start();
        }
        long begin = System.nanoTime();
        start.countDown();
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        long elapsed = System.nanoTime() - begin;
        if (failure.get() != null) {
            throw failure.get();
        }
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        return total * 1e9 / elapsed;
    }
}
