package keybound.issuer.verifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.BiFunction;
import java.util.function.Function;
import keybound.credentials.VerifierUnavailableException;
import keybound.token.Secret;
import keybound.token.Token;
import keybound.token.TokenException;
import keybound.token.TokenSession;

/**
 * A few leases on the bank's token, each used by one thread at a time, so that concurrent logons
 * use the token's pooled sessions in parallel.
 */
final class TokenLeases implements AutoCloseable {

    private final BlockingQueue<TokenSession> idle;
    private final List<TokenSession> all;

    private TokenLeases(List<TokenSession> leases) {
        this.all = List.copyOf(leases);
        this.idle = new ArrayBlockingQueue<>(leases.size(), false, leases);
    }

    /** {@code parallel} leases on {@code token}, logged in with {@code pin}; none is left open if the token refuses. */
    private static TokenLeases open(Token token, Secret pin, int parallel) {
        if (parallel < 1 || parallel > 64) {
            throw new IllegalArgumentException("between 1 and 64 leases");
        }
        List<TokenSession> leases = new ArrayList<>();
        try {
            for (int i = 0; i < parallel; i++) {
                leases.add(token.open(pin));
            }
            return new TokenLeases(leases);
        } catch (RuntimeException e) {
            leases.forEach(TokenSession::close);
            throw e;
        }
    }

    /**
     * A key found (or made) on the token and the leases that use it: what {@link TokenVerifierKey}
     * and {@link TokenSealingKey} share. Any token failure while using it becomes a
     * {@link VerifierUnavailableException}: the secret or sealed value was not judged.
     */
    record LeasedKey<K>(K key, String label, TokenLeases leases) implements AutoCloseable {

        /** {@code work} with the key on an idle lease. */
        <T> T use(BiFunction<TokenSession, K, T> work) {
            return leases.use(lease -> {
                try {
                    return work.apply(lease, key);
                } catch (TokenException | IllegalStateException e) {
                    throw new VerifierUnavailableException("the key " + label + " on the bank's token is unavailable: "
                            + e.getClass().getSimpleName(), e);
                }
            });
        }

        @Override
        public void close() {
            leases.close();
        }
    }

    /**
     * Leases on {@code token} and the {@code kind} key labelled {@code label} there, generated
     * first if {@code create} and it is missing.
     *
     * @throws VerifierUnavailableException no such key (and not {@code create}), or the token refused
     */
    static <K> LeasedKey<K> openKey(Token token, Secret pin, int parallel, String kind, String label, boolean create,
                                BiFunction<TokenSession, String, Optional<K>> find,
                                BiFunction<TokenSession, String, K> generate) {
        TokenLeases leases = null;
        try {
            leases = open(token, pin, parallel);
            TokenSession first = leases.all.get(0);
            K key = find.apply(first, label).orElseGet(() -> {
                if (!create) {
                    throw new VerifierUnavailableException("no " + kind + " key labelled " + label + " on " + first.token().label());
                }
                return generate.apply(first, label);
            });
            return new LeasedKey<>(key, label, leases);
        } catch (TokenException e) {
            closeQuietly(leases);
            throw new VerifierUnavailableException("the " + kind + " key " + label + " cannot be opened: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(leases);
            throw e;
        }
    }

    private static void closeQuietly(TokenLeases leases) {
        if (leases != null) {
            leases.close();
        }
    }

    /** {@code work} on an idle lease, waiting for one to come back if all are busy. */
    private <T> T use(Function<TokenSession, T> work) {
        TokenSession lease;
        try {
            lease = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VerifierUnavailableException("interrupted while waiting for the bank's token", e);
        }
        try {
            return work.apply(lease);
        } finally {
            idle.add(lease);
        }
    }

    @Override
    public void close() {
        all.forEach(TokenSession::close);
    }
}
