package keybound.server.wiring;

import static keybound.server.ConfigKeys.VERIFIER_KEY_LABEL;
import static keybound.server.ConfigKeys.VERIFIER_OLDER_KEY_LABELS;
import static keybound.server.ConfigKeys.VERIFIER_PARALLEL;

import java.util.ArrayList;
import java.util.List;
import keybound.credentials.SecretCheckAdmission;
import keybound.credentials.SecretHasher;
import keybound.credentials.SecretVerifiers;
import keybound.credentials.VerifierKey;
import keybound.credentials.VerifierUnavailableException;
import keybound.issuer.IssuerConfig;
import keybound.issuer.verifier.TokenVerifierKey;
import keybound.server.ConfigException;
import keybound.server.ConfigSource;
import keybound.token.Secret;
import keybound.token.Token;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bank's secret verifiers from the configuration: HMAC keys on the CA's token
 * ({@code verifier.key-label}, default {@value #DEFAULT_LABEL}, generated on the token the first
 * time; earlier versions still in use listed in {@code verifier.older-key-labels}), or Argon2id
 * hashes with {@code verifier.key-label=argon2id} (and always with a development PKCS#12 CA,
 * which holds no secret keys). Owns the token leases it opens.
 */
final class BankVerifiers implements AutoCloseable {

    static final String DEFAULT_LABEL = "secret-verifier-1";
    private static final Logger LOG = LoggerFactory.getLogger(BankVerifiers.class);

    private final SecretVerifiers verifiers;
    private final List<TokenVerifierKey> keys;

    private BankVerifiers(SecretVerifiers verifiers, List<TokenVerifierKey> keys) {
        this.verifiers = verifiers;
        this.keys = keys;
    }

    static BankVerifiers open(ConfigSource settings, IssuerConfig config, Token caToken, boolean tokenHoldsSecretKeys,
                              Secret pin, SecretCheckAdmission admission) {
        var legacy = new SecretHasher(config.secretHashing());
        String label = settings.text(VERIFIER_KEY_LABEL).orElse(DEFAULT_LABEL);
        if (SecretVerifiers.ARGON2ID.equals(label) || !tokenHoldsSecretKeys) {
            if (!tokenHoldsSecretKeys) {
                LOG.warn("secret verifiers are Argon2id hashes: the development CA key store holds no secret keys");
            }
            return new BankVerifiers(SecretVerifiers.argon2Only(legacy).admittedBy(admission), List.of());
        }
        int leases = settings.integer(VERIFIER_PARALLEL, 4, 1, 64);
        List<TokenVerifierKey> opened = new ArrayList<>();
        try {
            opened.add(open(caToken, pin, label, true, leases));
            for (String older : settings.text(VERIFIER_OLDER_KEY_LABELS).map(v -> v.trim().split("[,\\s]+"))
                    .orElse(new String[0])) {
                if (!older.isEmpty()) {
                    opened.add(open(caToken, pin, older, false, leases));
                }
            }
            List<VerifierKey> olderKeys = List.copyOf(opened.subList(1, opened.size()));
            return new BankVerifiers(new SecretVerifiers(opened.get(0), olderKeys, legacy).admittedBy(admission),
                    List.copyOf(opened));
        } catch (RuntimeException e) {
            opened.forEach(TokenVerifierKey::close);
            throw e;
        }
    }

    private static TokenVerifierKey open(Token token, Secret pin, String label, boolean create, int leases) {
        try {
            return TokenVerifierKey.open(token, pin, label, create, leases);
        } catch (VerifierUnavailableException | IllegalArgumentException e) {
            throw new ConfigException(create ? VERIFIER_KEY_LABEL : VERIFIER_OLDER_KEY_LABELS, e.getMessage());
        }
    }

    SecretVerifiers verifiers() {
        return verifiers;
    }

    @Override
    public void close() {
        keys.forEach(TokenVerifierKey::close);
    }
}
