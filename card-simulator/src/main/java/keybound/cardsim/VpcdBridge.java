package keybound.cardsim;

import com.licel.jcardsim.smartcardio.CardSimulator;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import jdk.net.ExtendedSocketOptions;

/**
 * A virtual card for vsmartcard's vpcd reader: connects to vpcd's port and answers its requests
 * from a jcardsim {@link CardSimulator}. Each message is a 2-byte big-endian length and a
 * payload; a 1-byte payload is a control code (power off, power on, reset, get ATR), anything
 * longer a command APDU. TCP_NODELAY matters: with delayed acknowledgements each APDU costs ~40 ms.
 */
public final class VpcdBridge implements AutoCloseable {

    private static final int POWER_OFF = 0;
    private static final int POWER_ON = 1;
    private static final int RESET = 2;
    private static final int GET_ATR = 4;

    private static final boolean QUICKACK_SUPPORTED =
            new Socket().supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);

    private final CardSimulator card;
    private final Socket socket;
    private final Thread thread;
    private volatile boolean closing;
    private volatile Throwable failure;

    private VpcdBridge(CardSimulator card, Socket socket) {
        this.card = card;
        this.socket = socket;
        this.thread = new Thread(this::serve, "vpcd-bridge");
        this.thread.setDaemon(true);
    }

    /** Inserts {@code card} into the vpcd reader listening on {@code port}. */
    public static VpcdBridge connect(CardSimulator card, int port) {
        try {
            var socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            var bridge = new VpcdBridge(card, socket);
            bridge.thread.start();
            return bridge;
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach vpcd on port " + port, e);
        }
    }

    private void serve() {
        try (var in = new DataInputStream(socket.getInputStream());
             var out = new DataOutputStream(socket.getOutputStream())) {
            while (!closing) {
                acknowledgeQuickly();
                int length = in.readUnsignedShort();
                byte[] request = in.readNBytes(length);
                if (request.length != length) {
                    throw new EOFException("vpcd closed mid-message");
                }
                byte[] reply = answer(request);
                if (reply != null) {
                    // one write per message: with TCP_NODELAY a split length and body would cost two segments
                    byte[] message = new byte[2 + reply.length];
                    message[0] = (byte) (reply.length >> 8);
                    message[1] = (byte) reply.length;
                    System.arraycopy(reply, 0, message, 2, reply.length);
                    out.write(message);
                    out.flush();
                }
            }
        } catch (EOFException | SocketException e) {
            // vpcd went away, or we were closed: the card is out of the reader
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }

    /**
     * vpcd writes each message as two sends (length, then body), so Nagle's algorithm on its side
     * holds the body until our ACK of the length, which Linux delays by up to 40 ms. Asking for
     * quick ACKs before each read (the kernel clears the flag again on its own) removes that wait.
     */
    private void acknowledgeQuickly() throws IOException {
        if (QUICKACK_SUPPORTED) {
            socket.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
        }
    }

    private byte[] answer(byte[] request) {
        if (request.length == 1) {
            switch (request[0]) {
                case POWER_OFF, POWER_ON, RESET -> card.reset();
                case GET_ATR -> {
                    return card.getATR();
                }
                default -> throw new IllegalStateException("unknown vpcd control code " + request[0]);
            }
            return null;
        }
        return card.transmitCommand(request);
    }

    /** vsmartcard's vpcd listens here for its first virtual reader, by default. */
    public static final int DEFAULT_PORT = 35963;

    /** Blocks until the card is out of the reader: vpcd went away, or {@link #close()} was called. */
    public void awaitRemoval() throws InterruptedException {
        thread.join();
    }

    /** Why the bridge stopped serving, if it failed rather than being closed. */
    public Throwable failure() {
        return failure;
    }

    /** Takes the card out of the reader. */
    @Override
    public void close() {
        closing = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
