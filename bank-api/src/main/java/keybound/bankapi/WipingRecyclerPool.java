package keybound.bankapi;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;
import java.util.Arrays;

/**
 * Jackson's working buffers for bodies that carry secrets: each (de)serialisation gets fresh
 * buffers, which are zeroed when Jackson releases them, and none is kept for the next request.
 * (Jackson's default pool keeps them, with the last body's text in them, for reuse.)
 */
public final class WipingRecyclerPool implements RecyclerPool<BufferRecycler> {

    private static final long serialVersionUID = 1L;

    @Override
    public BufferRecycler acquirePooled() {
        return new WipingBufferRecycler();
    }

    @Override
    public void releasePooled(BufferRecycler recycler) {
        // nothing pooled: the buffers were zeroed as Jackson released them
    }

    /** Zeroes every buffer handed back. */
    static final class WipingBufferRecycler extends BufferRecycler {
        @Override
        public void releaseByteBuffer(int index, byte[] buffer) {
            if (buffer != null) {
                Arrays.fill(buffer, (byte) 0);
            }
            super.releaseByteBuffer(index, buffer);
        }

        @Override
        public void releaseCharBuffer(int index, char[] buffer) {
            if (buffer != null) {
                Arrays.fill(buffer, '\0');
            }
            super.releaseCharBuffer(index, buffer);
        }
    }
}
