package keybound.issuer.verifier;

import keybound.credentials.VerifierUnavailableException;
import keybound.issuer.contract.SealingKey;
import keybound.issuer.verifier.TokenLeases.LeasedKey;
import keybound.token.SealingKeyRef;
import keybound.token.Secret;
import keybound.token.Token;
import keybound.token.TokenSession;

/**
 * The bank's sealing key as an AES-256 key on its token, sealing and opening with AES-GCM
 * through the Token API on a few leases ({@link TokenLeases}). Any token failure becomes a
 * {@link VerifierUnavailableException}: the sealed card or seed could not be judged.
 */
public final class TokenSealingKey implements SealingKey, AutoCloseable {

    private final LeasedKey<SealingKeyRef> key;

    private TokenSealingKey(LeasedKey<SealingKeyRef> key) {
        this.key = key;
    }

    /**
     * The sealing key labelled {@code label} on {@code token}, generated there first if
     * {@code create} and it is missing.
     *
     * @throws VerifierUnavailableException no such key (and not {@code create}), or the token refused
     */
    public static TokenSealingKey open(Token token, Secret pin, String label, boolean create, int parallel) {
        return new TokenSealingKey(TokenLeases.openKey(token, pin, parallel, "sealing", label, create,
                TokenSession::findSealingKey, TokenSession::generateSealingKey));
    }

    @Override
    public String label() {
        return key.label();
    }

    @Override
    public byte[] seal(byte[] iv, byte[] associatedData, byte[] plain) {
        return key.use((lease, ref) -> lease.seal(ref, iv, associatedData, plain));
    }

    @Override
    public byte[] open(byte[] iv, byte[] associatedData, byte[] sealed) {
        return key.use((lease, ref) -> lease.open(ref, iv, associatedData, sealed));
    }

    @Override
    public void close() {
        key.close();
    }
}
