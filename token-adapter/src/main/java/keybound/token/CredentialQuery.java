package keybound.token;

import java.util.Locale;
import java.util.Objects;

/** How a caller names the credential it wants: by label, by id or by certificate subject. */
public sealed interface CredentialQuery {

    record ByLabel(String label) implements CredentialQuery {
        public ByLabel { Objects.requireNonNull(label); }
    }

    record ById(String idHex) implements CredentialQuery {
        public ById { idHex = idHex.toLowerCase(Locale.ROOT); }
    }

    /** Matches the certificate's subject DN in RFC 2253 form, or its CN alone. */
    record BySubject(String subject) implements CredentialQuery {
        public BySubject { Objects.requireNonNull(subject); }
    }

    static CredentialQuery label(String label) { return new ByLabel(label); }

    static CredentialQuery id(String idHex) { return new ById(idHex); }

    static CredentialQuery subject(String subject) { return new BySubject(subject); }
}
