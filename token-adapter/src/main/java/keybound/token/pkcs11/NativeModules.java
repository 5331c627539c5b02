package keybound.token.pkcs11;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import keybound.token.ModuleNotFoundException;
import keybound.token.TokenDeviceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11Module;

/**
 * The PKCS#11 libraries this process has loaded and initialised, one per path.
 *
 * <p>C_Initialize and C_Finalize are process-wide: SunPKCS11 or a second {@link Pkcs11Module}
 * over the same library share one initialised library. So a library is initialised once and
 * never finalised here; closing a {@link Pkcs11Module} only closes its sessions.
 */
final class NativeModules {

    private static final Logger LOG = LoggerFactory.getLogger(NativeModules.class);
    private static final Map<Path, LoadedModule> LOADED = new HashMap<>();

    static {
        WrapperLogging.install();
    }

    private NativeModules() {
    }

    static synchronized LoadedModule acquire(Path path) {
        Path file = LibraryCheck.check(path);
        LoadedModule loaded = LOADED.get(file);
        if (loaded == null) {
            loaded = new LoadedModule(file, initialise(file));
            LOADED.put(file, loaded);
        }
        loaded.retain();
        return loaded;
    }

    /** C_Initialize again after someone in this process called C_Finalize. */
    static synchronized void reinitialise(LoadedModule loaded) throws PKCS11Exception {
        try {
            loaded.module().initialize();
            LOG.info("re-initialised {}", loaded.path());
        } catch (PKCS11Exception e) {
            if (e.getErrorCode() != PKCS11Constants.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
                throw e;
            }
        }
    }

    private static PKCS11Module initialise(Path file) {
        PKCS11Module module;
        try {
            module = PKCS11Module.getInstance(file.toString());
        } catch (IOException | UnsatisfiedLinkError e) {
            throw new ModuleNotFoundException(file + " is not a PKCS#11 library (no C_GetFunctionList)", e);
        }
        try {
            module.initialize();
            LOG.debug("C_Initialize {}", file);
        } catch (PKCS11Exception e) {
            if (e.getErrorCode() != PKCS11Constants.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
                throw new TokenDeviceException(Ckr.name(e.getErrorCode()),
                        "C_Initialize of " + file + " failed (for SoftHSM: is SOFTHSM2_CONF readable?)", e);
            }
            LOG.debug("{} was already initialised in this process", file);
        }
        return module;
    }
}
