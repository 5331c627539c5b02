package keybound.issuer.verifier;

import keybound.credentials.VerifierKey;
import keybound.credentials.VerifierUnavailableException;
import keybound.issuer.verifier.TokenLeases.LeasedKey;
import keybound.token.MacKeyRef;
import keybound.token.Secret;
import keybound.token.Token;
import keybound.token.TokenSession;

/**
 * A verifier key that is an HMAC-SHA256 key on the bank's token, used through the Token API on a
 * few leases ({@link TokenLeases}), so that concurrent logons MAC in parallel. Any token failure
 * becomes a {@link VerifierUnavailableException}: the secret was not judged.
 */
public final class TokenVerifierKey implements VerifierKey, AutoCloseable {

    private final LeasedKey<MacKeyRef> key;

    private TokenVerifierKey(LeasedKey<MacKeyRef> key) {
        this.key = key;
    }

    /**
     * The MAC key labelled {@code label} on {@code token}, generated there first if
     * {@code create} and it is missing.
     *
     * @param parallel leases held, the number of MACs computed at once
     * @throws VerifierUnavailableException no such key (and not {@code create}), or the token refused
     */
    public static TokenVerifierKey open(Token token, Secret pin, String label, boolean create, int parallel) {
        return new TokenVerifierKey(TokenLeases.openKey(token, pin, parallel, "verifier", label, create,
                TokenSession::findMacKey, TokenSession::generateMacKey));
    }

    @Override
    public String label() {
        return key.label();
    }

    @Override
    public byte[] mac(byte[] data) {
        return key.use((lease, ref) -> lease.mac(ref, data));
    }

    @Override
    public void close() {
        key.close();
    }
}
