package keybound.issuer.ca;

import java.math.BigInteger;
import java.time.Instant;

/** One CRL entry. */
public record RevokedEntry(BigInteger serial, Instant revokedAt, RevocationReason reason) {
}
