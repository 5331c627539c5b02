package keybound.token.pkcs11;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Private key object handles by CKA_ID, so that signing costs no C_FindObjects: the IAIK route's
 * handles here, the SunPKCS11 route's in {@link SunPkcs11Route}. Both are dropped together on
 * logout, recovery, delete and a new certificate: tokens may drop handles of private objects
 * when logged out.
 */
final class KeyHandles {

    private final Map<String, Long> privateKeys = new ConcurrentHashMap<>();
    private final SunPkcs11Route route;

    KeyHandles(SunPkcs11Route route) {
        this.route = route;
    }

    SunPkcs11Route route() {
        return route;
    }

    Long get(String idHex) {
        return privateKeys.get(idHex);
    }

    void put(String idHex, long handle) {
        privateKeys.put(idHex, handle);
    }

    void forget(String idHex) {
        privateKeys.remove(idHex);
        route.forget(idHex);
    }

    void clear() {
        privateKeys.clear();
        route.clear();
    }
}
