package keybound.bench;

import keybound.token.KeyRef;
import keybound.token.Secret;
import keybound.token.TokenSession;

/** Through keybound's Token API: one lease per thread, sessions from the token's pool. */
final class TokenApiPath implements SignPath {

    private final BenchToken bench;
    private final KeyRef key;

    TokenApiPath(BenchToken bench, KeyRef key) {
        this.bench = bench;
        this.key = key;
    }

    @Override
    public String name() {
        return "Token API";
    }

    @Override
    public Signer newSigner() {
        TokenSession session;
        try (Secret pin = Secret.of(bench.spec().userPin())) {
            session = bench.token().open(pin);
        }
        return new Signer() {
            @Override
            public byte[] sign(byte[] data) {
                return session.sign(key, key.algorithm().defaultSignature(), data);
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }
}
