package keybound.token.pkcs11;

import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;

/** Work done on a borrowed session; see {@code Pkcs11Token.call}. */
@FunctionalInterface
interface SessionCall<T> {
    T apply(Session session) throws PKCS11Exception;
}
