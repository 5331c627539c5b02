package keybound.logon;

import java.util.Optional;
import keybound.logon.otp.TotpKey;

/**
 * Port: the administrator's TOTP key (RFC 6238), for administrators who chose an authenticator
 * app over the customer card. Implemented over the issuer by an adapter; the issuer must store
 * the key encrypted, since TOTP needs it in clear to compute codes.
 */
public interface TotpSeeds {

    /** The administrator's TOTP key, or empty when the administrator has not enrolled one. */
    Optional<TotpKey> keyOf(Account.Administrator administrator);
}
