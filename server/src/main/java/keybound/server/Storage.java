package keybound.server;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the bank's registry lives: a JDBC URL (PostgreSQL) when given, otherwise an embedded
 * database under the data directory. Read by the issuer adapter; the server itself stores nothing.
 */
public record Storage(Path dataDirectory, Optional<String> jdbcUrl) {
}
