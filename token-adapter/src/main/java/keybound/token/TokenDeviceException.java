package keybound.token;

/**
 * Any other device failure, with the device's code by name (a CKR_* name, or a status word in
 * hex with its meaning).
 */
public final class TokenDeviceException extends TokenException {

    private final String code;

    public TokenDeviceException(String code, String message, Throwable cause) {
        super(message + " [" + code + "]", cause);
        this.code = code;
    }

    /** The device's code by name, e.g. {@code CKR_DEVICE_ERROR} or {@code SW 6F00}. */
    public String code() {
        return code;
    }
}
