package keybound.token;

import java.util.Arrays;
import java.util.Objects;

/** How a caller names the credential it wants: by label, by id or by certificate subject. */
public sealed interface CredentialQuery {

    record ByLabel(String label) implements CredentialQuery {
        public ByLabel { Objects.requireNonNull(label); }
    }

    record ById(String idHex) implements CredentialQuery {
        public ById { idHex = idHex.toLowerCase(java.util.Locale.ROOT); }
    }

    /** Matches the certificate's subject DN in RFC 2253 form, or its CN alone. */
    record BySubject(String subject) implements CredentialQuery {
        public BySubject { Objects.requireNonNull(subject); }
    }

    /**
     * Whether {@code credential} is the one asked for, for tokens that list their credentials and
     * filter on the host (the card and PIV clients).
     */
    default boolean matches(Credential credential) {
        if (this instanceof ByLabel byLabel) {
            return byLabel.label().equals(credential.key().label());
        }
        if (this instanceof ById byId) {
            return byId.idHex().equals(credential.key().id());
        }
        String subject = ((BySubject) this).subject();
        return credential.certificate().map(cert -> {
            String dn = cert.getSubjectX500Principal().getName();
            return dn.equals(subject) || Arrays.asList(dn.split(",")).contains("CN=" + subject);
        }).orElse(false);
    }

    static CredentialQuery label(String label) { return new ByLabel(label); }

    static CredentialQuery id(String idHex) { return new ById(idHex); }

    static CredentialQuery subject(String subject) { return new BySubject(subject); }
}
