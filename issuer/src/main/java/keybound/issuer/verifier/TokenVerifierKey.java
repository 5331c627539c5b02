package keybound.issuer.verifier;

import keybound.credentials.VerifierKey;
import keybound.credentials.VerifierUnavailableException;
import keybound.token.MacKeyRef;
import keybound.token.Secret;
import keybound.token.Token;
import keybound.token.TokenException;
import keybound.token.TokenSession;

/**
 * A verifier key that is an HMAC-SHA256 key on the bank's token, used through the Token API on a
 * few leases ({@link TokenLeases}), so that concurrent logons MAC in parallel. Any token failure
 * becomes a {@link VerifierUnavailableException}: the secret was not judged.
 */
public final class TokenVerifierKey implements VerifierKey, AutoCloseable {

    private final MacKeyRef key;
    private final TokenLeases leases;

    private TokenVerifierKey(MacKeyRef key, TokenLeases leases) {
        this.key = key;
        this.leases = leases;
    }

    /**
     * The MAC key labelled {@code label} on {@code token}, generated there first if
     * {@code create} and it is missing.
     *
     * @param parallel leases held, the number of MACs computed at once
     * @throws VerifierUnavailableException no such key (and not {@code create}), or the token refused
     */
    public static TokenVerifierKey open(Token token, Secret pin, String label, boolean create, int parallel) {
        var opened = TokenLeases.openKey(token, pin, parallel, "verifier", label, create, TokenSession::findMacKey,
                TokenSession::generateMacKey);
        return new TokenVerifierKey(opened.key(), opened.leases());
    }

    @Override
    public String label() {
        return key.label();
    }

    @Override
    public byte[] mac(byte[] data) {
        return leases.use(lease -> {
            try {
                return lease.mac(key, data);
            } catch (TokenException | IllegalStateException e) {
                throw TokenLeases.unavailable(key.label(), e);
            }
        });
    }

    @Override
    public void close() {
        leases.close();
    }
}
