package keybound.token.pkcs11;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Private key object handles by CKA_ID, so that signing costs no C_FindObjects. Cleared on
 * logout, recovery and delete: tokens may drop handles of private objects when logged out.
 */
final class KeyHandles {

    private final Map<String, Long> privateKeys = new ConcurrentHashMap<>();

    Long get(String idHex) {
        return privateKeys.get(idHex);
    }

    void put(String idHex, long handle) {
        privateKeys.put(idHex, handle);
    }

    void forget(String idHex) {
        privateKeys.remove(idHex);
    }

    void clear() {
        privateKeys.clear();
    }
}
