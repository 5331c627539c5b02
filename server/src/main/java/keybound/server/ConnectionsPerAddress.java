package keybound.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.SelectableChannelEndPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection as it opens when its address already holds {@code limit} others. Jetty
 * bounds connections in all ({@code NetworkConnectionLimit}) but not per address; without this,
 * one client could take every connection the server accepts. Only network connections count
 * (not the HTTP connection TLS opens inside each).
 */
final class ConnectionsPerAddress implements Connection.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionsPerAddress.class);

    private final int limit;
    private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();
    /**
     * The connections counted in {@link #open}, with their address (a closed socket no longer
     * tells it); a refused one never is, whether or not Jetty reports its close.
     */
    private final Map<Connection, InetAddress> counted = new ConcurrentHashMap<>();

    ConnectionsPerAddress(int limit) {
        this.limit = limit;
    }

    @Override
    public void onOpened(Connection connection) {
        InetAddress address = networkAddress(connection);
        if (address == null) {
            return;
        }
        if (open.merge(address, 1, Integer::sum) > limit) {
            release(address);
            // DEBUG only: a refused flood must not become a flood of log lines.
            LOG.debug("connection from {} closed: over {} open connections from one address", address, limit);
            connection.getEndPoint().close();
        } else {
            counted.put(connection, address);
        }
    }

    @Override
    public void onClosed(Connection connection) {
        InetAddress address = counted.remove(connection);
        if (address != null) {
            release(address);
        }
    }

    private void release(InetAddress address) {
        open.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
    }

    private static InetAddress networkAddress(Connection connection) {
        if (!(connection.getEndPoint() instanceof SelectableChannelEndPoint endPoint)) {
            return null;
        }
        SocketAddress remote = endPoint.getRemoteSocketAddress();
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
