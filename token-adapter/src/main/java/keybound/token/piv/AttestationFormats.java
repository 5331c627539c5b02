package keybound.token.piv;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import keybound.token.AttestationStatement;
import keybound.token.attest.AttestationException;
import keybound.token.attest.AttestationVerifier;
import keybound.token.attest.AttestedKey;
import keybound.token.card.CardAttestationVerifier;

/**
 * The attestation formats a bank accepts, each verified against the same card makers' roots:
 * keybound's own (the card signs the bank's nonce; {@link CardAttestationVerifier}) and PIV's
 * (Yubico's F9 certificates; {@link PivAttestationVerifier}). A statement in a format the bank
 * does not accept is refused as such.
 */
public final class AttestationFormats implements AttestationVerifier {

    /** The formats by the names a bank's configuration uses. */
    public enum Format {
        KEYBOUND, PIV;

        /** {@code keybound} or {@code piv}, any case. */
        public static Format parse(String name) {
            try {
                return valueOf(name.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown attestation format '" + name + "' (keybound or piv)", e);
            }
        }
    }

    private final Set<Format> accepted;
    private final CardAttestationVerifier keybound;
    private final PivAttestationVerifier piv;

    public AttestationFormats(Collection<X509Certificate> makerRoots, Clock clock, Set<Format> accepted) {
        if (accepted.isEmpty()) {
            throw new IllegalArgumentException("a bank accepts at least one attestation format");
        }
        this.accepted = EnumSet.copyOf(accepted);
        this.keybound = new CardAttestationVerifier(makerRoots, clock);
        this.piv = new PivAttestationVerifier(makerRoots, clock);
    }

    /** Both formats. */
    public static AttestationFormats all(Collection<X509Certificate> makerRoots, Clock clock) {
        return new AttestationFormats(makerRoots, clock, EnumSet.allOf(Format.class));
    }

    @Override
    public AttestedKey verify(AttestationStatement statement, byte[] expectedNonce) {
        Format format = PivAttestationVerifier.isPivStatement(statement) ? Format.PIV : Format.KEYBOUND;
        if (!accepted.contains(format)) {
            throw new AttestationException("this bank does not accept " + format.name().toLowerCase(Locale.ROOT)
                    + " attestation");
        }
        return format == Format.PIV ? piv.verify(statement, expectedNonce) : keybound.verify(statement, expectedNonce);
    }
}
