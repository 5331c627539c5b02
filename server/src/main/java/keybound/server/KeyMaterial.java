package keybound.server;

import java.nio.file.Path;
import java.util.Objects;

/** A key store file, its type and its password. The password is never printed. */
public record KeyMaterial(Path path, String type, char[] password) {

    public KeyMaterial {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "KeyMaterial[" + path + ", " + type + ", password hidden]";
    }
}
