package keybound.issuer.verifier;

import keybound.credentials.VerifierUnavailableException;
import keybound.issuer.contract.SealingKey;
import keybound.token.SealingKeyRef;
import keybound.token.Secret;
import keybound.token.Token;
import keybound.token.TokenException;
import keybound.token.TokenSession;

/**
 * The bank's sealing key as an AES-256 key on its token, sealing and opening with AES-GCM
 * through the Token API on a few leases ({@link TokenLeases}). Any token failure becomes a
 * {@link VerifierUnavailableException}: the sealed card or seed could not be judged.
 */
public final class TokenSealingKey implements SealingKey, AutoCloseable {

    private final SealingKeyRef key;
    private final TokenLeases leases;

    private TokenSealingKey(SealingKeyRef key, TokenLeases leases) {
        this.key = key;
        this.leases = leases;
    }

    /**
     * The sealing key labelled {@code label} on {@code token}, generated there first if
     * {@code create} and it is missing.
     *
     * @throws VerifierUnavailableException no such key (and not {@code create}), or the token refused
     */
    public static TokenSealingKey open(Token token, Secret pin, String label, boolean create, int parallel) {
        var opened = TokenLeases.openKey(token, pin, parallel, "sealing", label, create, TokenSession::findSealingKey,
                TokenSession::generateSealingKey);
        return new TokenSealingKey(opened.key(), opened.leases());
    }

    @Override
    public String label() {
        return key.label();
    }

    @Override
    public byte[] seal(byte[] iv, byte[] associatedData, byte[] plain) {
        return leases.use(lease -> {
            try {
                return lease.seal(key, iv, associatedData, plain);
            } catch (TokenException | IllegalStateException e) {
                throw TokenLeases.unavailable(key.label(), e);
            }
        });
    }

    @Override
    public byte[] open(byte[] iv, byte[] associatedData, byte[] sealed) {
        return leases.use(lease -> {
            try {
                return lease.open(key, iv, associatedData, sealed);
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
