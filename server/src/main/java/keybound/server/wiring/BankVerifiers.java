package keybound.server.wiring;

import static keybound.server.ConfigKeys.SEALING_KEY_LABEL;
import static keybound.server.ConfigKeys.VERIFIER_KEY_LABEL;
import static keybound.server.ConfigKeys.VERIFIER_OLDER_KEY_LABELS;
import static keybound.server.ConfigKeys.VERIFIER_PARALLEL;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import keybound.credentials.SecretVerifiers;
import keybound.credentials.VerifierKey;
import keybound.credentials.VerifierUnavailableException;
import keybound.issuer.contract.EnvironmentSealingKey;
import keybound.issuer.contract.SealingKey;
import keybound.issuer.verifier.TokenSealingKey;
import keybound.issuer.verifier.TokenVerifierKey;
import keybound.server.ConfigException;
import keybound.server.ConfigSource;
import keybound.token.Secret;
import keybound.token.Token;

/**
 * The bank's secret keys on its CA token, opened together: the verifier keys
 * ({@code verifier.key-label}, default {@value #DEFAULT_LABEL}, generated on the token the first
 * time; earlier versions still in use in {@code verifier.older-key-labels}) and the sealing key
 * ({@code sealing.key-label}, default {@value #DEFAULT_SEALING_LABEL}, generated the first time).
 * {@code verifier.key-label=argon2id} keeps Argon2id hashes and {@code sealing.key-label=env} the
 * environment's sealing key; a development PKCS#12 CA, which holds no secret keys, always does both.
 * Owns the token leases it opens.
 */
final class BankVerifiers implements AutoCloseable {

    static final String DEFAULT_LABEL = "secret-verifier-1";
    static final String DEFAULT_SEALING_LABEL = "card-sealing-1";

    /**
     * Which keys the configuration names, read without the token.
     *
     * @param verifier the current verifier key's label; empty: Argon2id
     * @param sealing  the sealing key's label on the token; empty: the environment's key
     */
    record Labels(Optional<String> verifier, List<String> older, Optional<String> sealing) {

        boolean onToken() {
            return verifier.isPresent() || sealing.isPresent();
        }

        static Labels of(ConfigSource settings, boolean tokenHoldsSecretKeys) {
            if (!tokenHoldsSecretKeys) {
                return new Labels(Optional.empty(), List.of(), Optional.empty());
            }
            Optional<String> verifier = Optional.of(settings.text(VERIFIER_KEY_LABEL).orElse(DEFAULT_LABEL))
                    .filter(label -> !SecretVerifiers.ARGON2ID.equals(label));
            List<String> older = new ArrayList<>();
            for (String label : settings.text(VERIFIER_OLDER_KEY_LABELS).map(v -> v.trim().split("[,\\s]+")).orElse(new String[0])) {
                if (!label.isEmpty()) {
                    older.add(label);
                }
            }
            Optional<String> sealing = Optional.of(settings.text(SEALING_KEY_LABEL).orElse(DEFAULT_SEALING_LABEL))
                    .filter(label -> !EnvironmentSealingKey.LABEL.equals(label));
            return new Labels(verifier, verifier.isPresent() ? List.copyOf(older) : List.of(), sealing);
        }
    }

    private final Map<String, TokenVerifierKey> verifierKeys;
    private final Optional<TokenSealingKey> sealingKey;

    private BankVerifiers(Map<String, TokenVerifierKey> verifierKeys, Optional<TokenSealingKey> sealingKey) {
        this.verifierKeys = verifierKeys;
        this.sealingKey = sealingKey;
    }

    /** Opens every key {@code labels} names on {@code token}, creating the current ones if missing. */
    static BankVerifiers open(ConfigSource settings, Labels labels, Token token, Secret pin) {
        int leases = settings.integer(VERIFIER_PARALLEL, 4, 1, 64);
        Map<String, TokenVerifierKey> opened = new LinkedHashMap<>();
        try {
            if (labels.verifier().isPresent()) {
                opened.put(labels.verifier().get(), verifierKey(token, pin, labels.verifier().get(), true, leases));
                for (String older : labels.older()) {
                    opened.put(older, verifierKey(token, pin, older, false, leases));
                }
            }
            Optional<TokenSealingKey> sealing = labels.sealing().map(label -> {
                try {
                    return TokenSealingKey.open(token, pin, label, true, leases);
                } catch (VerifierUnavailableException | IllegalArgumentException e) {
                    throw new ConfigException(SEALING_KEY_LABEL, e.getMessage());
                }
            });
            return new BankVerifiers(Map.copyOf(opened), sealing);
        } catch (RuntimeException e) {
            opened.values().forEach(TokenVerifierKey::close);
            throw e;
        }
    }

    private static TokenVerifierKey verifierKey(Token token, Secret pin, String label, boolean create, int leases) {
        try {
            return TokenVerifierKey.open(token, pin, label, create, leases);
        } catch (VerifierUnavailableException | IllegalArgumentException e) {
            throw new ConfigException(create ? VERIFIER_KEY_LABEL : VERIFIER_OLDER_KEY_LABELS, e.getMessage());
        }
    }

    /** The verifier key labelled {@code label}, one of those the configuration names. */
    VerifierKey verifierKey(String label) {
        return verifierKeys.get(label);
    }

    /** The sealing key on the token, if the configuration names one. */
    SealingKey sealingKey() {
        return sealingKey.orElseThrow();
    }

    @Override
    public void close() {
        verifierKeys.values().forEach(TokenVerifierKey::close);
        sealingKey.ifPresent(TokenSealingKey::close);
    }
}
