package keybound.issuer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.ServerSocket;
import keybound.testkit.postgres.PostgresServer;
import org.junit.jupiter.api.Test;

/**
 * A multi-host pgjdbc URL ({@code targetServerType=primary}) as a replicated registry uses it:
 * the first host is down, the driver moves on to the primary listed after it.
 */
class MultiHostUrlTest {

    @Test
    void theRegistryOpensOnThePrimaryWhenTheFirstHostIsDown() throws Exception {
        PostgresServer server = PostgresServer.shared();
        String single = server.createDatabase("multihost");
        String database = single.substring(single.lastIndexOf('/') + 1);
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort() + ",127.0.0.1:" + server.port() + "/" + database
                + "?targetServerType=primary&connectTimeout=5";
        try (Database registry = Database.jdbc(url, PostgresServer.SUPERUSER, "", 2)) {
            registry.check();
            long next = registry.inTransaction(c -> {
                try (var s = c.createStatement(); var rows = s.executeQuery("SELECT crl_number + 1 FROM ca_counter")) {
                    rows.next();
                    return rows.getLong(1);
                }
            });
            assertEquals(1L, next, "the migrated schema is there");
        }
    }

    private static int closedPort() throws Exception {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
