package keybound.cli.station;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import keybound.token.Credential;
import keybound.token.CredentialQuery;
import keybound.token.KeyRef;
import keybound.token.TokenKind;
import keybound.token.TokenSession;

/**
 * Stable key labels across re-keying. The new key is generated under {@link #pending(String)},
 * gets its certificate there, and takes the old key's label once the old key is deleted. A run
 * interrupted between those steps leaves a pending key; the next re-key run finishes the job by
 * the recovery rule of {@link #finishInterrupted}.
 */
final class KeyLabels {

    /** Marks a re-keyed key that has not yet taken its final label. */
    static final String PENDING = "~rekey";

    private KeyLabels() {
    }

    /** Whether keys on this token can be renamed (PKCS#11: CKA_LABEL); a card's slot names cannot. */
    static boolean renamable(TokenSession session) {
        return session.token().kind() == TokenKind.PKCS11;
    }

    static String pending(String label) {
        return label + PENDING;
    }

    /**
     * The recovery rule: a pending key with a certificate takes its final label if no key has it,
     * or if the key that has it holds an older certificate (not issued after the pending one), which
     * is then deleted. A pending key without a certificate is left for the re-key to resume.
     *
     * @return the key that took its final label, if one did
     */
    static Optional<KeyRef> finishInterrupted(TokenSession session) {
        if (!renamable(session)) {
            return Optional.empty();
        }
        List<Credential> credentials = session.credentials();
        for (Credential pending : credentials) {
            String label = pending.key().label();
            if (label == null || !label.endsWith(PENDING) || pending.certificate().isEmpty()) {
                continue;
            }
            String main = label.substring(0, label.length() - PENDING.length());
            Optional<Credential> current = session.find(CredentialQuery.label(main));
            if (current.isPresent()) {
                if (!older(current.get(), pending.certificate().get())) {
                    continue;
                }
                session.delete(current.get().key());
            }
            return Optional.of(session.relabel(pending.key(), main));
        }
        return Optional.empty();
    }

    /**
     * Whether {@code current} has no certificate or one not issued after {@code newer}: validity
     * starts in whole seconds, and a pending key with a certificate exists only because a re-key
     * got it after the current one, so a tie goes to the pending key.
     */
    private static boolean older(Credential current, X509Certificate newer) {
        return current.certificate().map(c -> !issued(c).isAfter(issued(newer))).orElse(true);
    }

    private static Instant issued(X509Certificate certificate) {
        return certificate.getNotBefore().toInstant();
    }
}
