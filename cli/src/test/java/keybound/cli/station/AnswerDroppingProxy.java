package keybound.cli.station;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on loopback in front of the bank that loses answers: on the first {@code drops}
 * connections it lets the TLS handshake and the request through, then cuts the client off while
 * the bank, still connected, does the work and answers into the void. That is what a station sees
 * when a network drops after sending: the bank has committed, the client has no answer.
 */
final class AnswerDroppingProxy implements AutoCloseable {

    /** A TLS application-data record this long carries the HTTP request (a TLS 1.3 Finished is about 60 bytes). */
    private static final int REQUEST_RECORD_BYTES = 128;
    private static final int APPLICATION_DATA = 23;

    private final ServerSocket listener;
    private final InetSocketAddress bank;
    private final AtomicInteger drops;
    private final AtomicInteger dropped = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    AnswerDroppingProxy(URI bank, int drops) throws IOException {
        this.bank = new InetSocketAddress(bank.getHost(), bank.getPort());
        this.drops = new AtomicInteger(drops);
        this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    /** The bank's address through this relay. */
    URI address() {
        return URI.create("https://127.0.0.1:" + listener.getLocalPort() + "/");
    }

    /** How many answers were lost so far. */
    int dropped() {
        return dropped.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket upstream = new Socket(bank.getAddress(), bank.getPort());
                sockets.add(client);
                sockets.add(upstream);
                boolean drop = drops.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
                AtomicBoolean cut = new AtomicBoolean();
                threads.execute(() -> toBank(client, upstream, drop, cut));
                threads.execute(() -> toClient(upstream, client, cut));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Relays the client's TLS records; on a dropping connection, cuts the client off once its request is through. */
    private void toBank(Socket client, Socket upstream, boolean drop, AtomicBoolean cut) {
        try (DataInputStream in = new DataInputStream(client.getInputStream())) {
            OutputStream out = upstream.getOutputStream();
            byte[] header = new byte[5];
            while (true) {
                in.readFully(header);
                byte[] body = new byte[((header[3] & 0xff) << 8) | (header[4] & 0xff)];
                in.readFully(body);
                out.write(header);
                out.write(body);
                out.flush();
                if (drop && !cut.get() && header[0] == APPLICATION_DATA && body.length >= REQUEST_RECORD_BYTES) {
                    cut.set(true); // from now on the bank's answer is drained, not passed on
                    dropped.incrementAndGet();
                    // the rest of the request (its body may be a record of its own) goes through, then the client is cut off
                    threads.execute(() -> {
                        try {
                            Thread.sleep(300);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        closeQuietly(client);
                    });
                }
            }
        } catch (IOException e) {
            if (!cut.get()) {
                closeQuietly(upstream);
            } // else the bank keeps its connection and answers into the relay, which drains it
        }
    }

    private void toClient(Socket upstream, Socket client, AtomicBoolean cut) {
        try (InputStream in = upstream.getInputStream()) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (!cut.get()) {
                    client.getOutputStream().write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // the bank closed
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(AnswerDroppingProxy::closeQuietly);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
