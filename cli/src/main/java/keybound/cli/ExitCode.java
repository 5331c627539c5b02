package keybound.cli;

/** The documented exit codes of the keybound command (also listed in the README). */
public final class ExitCode {
    public static final int OK = 0;
    /** Something failed that is not one of the causes below. */
    public static final int FAILURE = 1;
    /** The command line was wrong (picocli's own usage code). */
    public static final int USAGE = 2;
    /** A PIN or secret was wrong. */
    public static final int WRONG_SECRET = 3;
    /** A PIN or account is locked. */
    public static final int LOCKED = 4;
    /** The token, the PKCS#11 module or the card reader is not there. */
    public static final int TOKEN_ABSENT = 5;
    /** The bank server could not be reached. */
    public static final int SERVER_UNREACHABLE = 6;
    /** The bank refused the request (window closed, not authorised, revoked, ...). */
    public static final int REFUSED = 7;
    /** Configuration is missing or invalid. */
    public static final int CONFIG = 8;

    private ExitCode() {
    }
}
