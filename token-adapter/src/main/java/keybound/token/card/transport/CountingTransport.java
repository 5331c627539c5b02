package keybound.token.card.transport;

import java.util.concurrent.atomic.AtomicLong;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/** Counts the APDUs that reach the card (put it under {@link GetResponseTransport} to count GET RESPONSEs too). */
public final class CountingTransport implements ApduTransport {

    private final ApduTransport next;
    private final AtomicLong count = new AtomicLong();

    public CountingTransport(ApduTransport next) {
        this.next = next;
    }

    public long count() {
        return count.get();
    }

    @Override
    public ResponseAPDU transmit(CommandAPDU command) {
        count.incrementAndGet();
        return next.transmit(command);
    }

    @Override
    public void close() {
        next.close();
    }
}
