package keybound.logon.otp;

/**
 * Remembers, per subject, the last TOTP time step accepted, so an accepted code (and every code
 * from an earlier step) is refused afterwards (RFC 6238 §5.2).
 */
public interface TotpStepLedger {

    /**
     * Compare-and-set: records {@code step} as used if it is later than the last step accepted for
     * the subject, and answers whether it did. Of concurrent calls with the same subject and step,
     * exactly one wins. A database implementation uses one conditional UPDATE.
     */
    boolean advance(String subject, long step);
}
