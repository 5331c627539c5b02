package keybound.token.pkcs11;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.xipki.pkcs11.wrapper.PKCS11Module;

/**
 * One initialised library and the tokens handed out over it. Tokens are shared by serial:
 * login state belongs to the token, so two {@code Pkcs11Token} objects for one token would log
 * each other out.
 */
final class LoadedModule {

    private final Path path;
    private final PKCS11Module module;
    private final Map<String, Pkcs11Token> tokens = new ConcurrentHashMap<>();
    private int users;

    LoadedModule(Path path, PKCS11Module module) {
        this.path = path;
        this.module = module;
    }

    Path path() {
        return path;
    }

    PKCS11Module module() {
        return module;
    }

    synchronized void retain() {
        users++;
    }

    /** Drops one user; the last one closes every token's sessions (the library stays loaded). */
    void release() {
        List<Pkcs11Token> toClose;
        synchronized (this) {
            if (--users > 0) {
                return;
            }
            toClose = List.copyOf(tokens.values());
        }
        toClose.forEach(Pkcs11Token::close);
    }

    Pkcs11Token token(String serial, Function<String, Pkcs11Token> factory) {
        return tokens.compute(serial, (key, existing) ->
                existing != null && !existing.isClosed() ? existing : factory.apply(key));
    }

    void forget(Pkcs11Token token) {
        tokens.values().remove(token);
    }
}
