package keybound.issuer.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done inside one transaction. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
