package keybound.token;

/** The PKCS#11 module file is missing or is not a PKCS#11 library; or no card reader exists. */
public final class ModuleNotFoundException extends TokenException {
    public ModuleNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
