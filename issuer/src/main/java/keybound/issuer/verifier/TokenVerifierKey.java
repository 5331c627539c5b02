package keybound.issuer.verifier;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import keybound.credentials.VerifierKey;
import keybound.credentials.VerifierUnavailableException;
import keybound.token.MacKeyRef;
import keybound.token.Secret;
import keybound.token.Token;
import keybound.token.TokenException;
import keybound.token.TokenSession;

/**
 * A verifier key that is an HMAC-SHA256 key on the bank's token, used through the Token API.
 * Holds a few leases on the token, each used by one thread at a time, so that concurrent logons
 * MAC in parallel on the token's pooled sessions. Any token failure becomes a
 * {@link VerifierUnavailableException}: the secret was not judged.
 */
public final class TokenVerifierKey implements VerifierKey, AutoCloseable {

    private final MacKeyRef key;
    private final BlockingQueue<TokenSession> leases;
    private final List<TokenSession> all;

    private TokenVerifierKey(MacKeyRef key, List<TokenSession> leases) {
        this.key = key;
        this.all = List.copyOf(leases);
        this.leases = new ArrayBlockingQueue<>(leases.size(), false, leases);
    }

    /**
     * The MAC key labelled {@code label} on {@code token}, generated there first if
     * {@code create} and it is missing.
     *
     * @param parallel leases held, the number of MACs computed at once
     * @throws VerifierUnavailableException no such key (and not {@code create}), or the token refused
     */
    public static TokenVerifierKey open(Token token, Secret pin, String label, boolean create, int parallel) {
        if (parallel < 1 || parallel > 64) {
            throw new IllegalArgumentException("between 1 and 64 leases");
        }
        List<TokenSession> leases = new ArrayList<>();
        try {
            for (int i = 0; i < parallel; i++) {
                leases.add(token.open(pin));
            }
            TokenSession first = leases.get(0);
            MacKeyRef key = first.findMacKey(label).orElseGet(() -> {
                if (!create) {
                    throw new VerifierUnavailableException("no verifier key labelled " + label + " on " + first.token().label());
                }
                return first.generateMacKey(label);
            });
            return new TokenVerifierKey(key, leases);
        } catch (TokenException e) {
            leases.forEach(TokenSession::close);
            throw new VerifierUnavailableException("the verifier key " + label + " cannot be opened: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            leases.forEach(TokenSession::close);
            throw e;
        }
    }

    @Override
    public String label() {
        return key.label();
    }

    @Override
    public byte[] mac(byte[] data) {
        TokenSession lease;
        try {
            lease = leases.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VerifierUnavailableException("interrupted while waiting for the verifier key", e);
        }
        try {
            return lease.mac(key, data);
        } catch (TokenException | IllegalStateException e) {
            throw new VerifierUnavailableException("the verifier key " + key.label() + " is unavailable: "
                    + e.getClass().getSimpleName(), e);
        } finally {
            leases.add(lease);
        }
    }

    @Override
    public void close() {
        all.forEach(TokenSession::close);
    }
}
