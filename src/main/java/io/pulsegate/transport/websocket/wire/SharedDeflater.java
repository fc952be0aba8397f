package io.pulsegate.transport.websocket.wire;

import java.util.Arrays;
import java.util.zip.Deflater;

import io.netty.util.concurrent.FastThreadLocal;

/**
 * Compresses a message once for every permessage-deflate connection it goes to. Pulsegate always negotiates
 * {@code server_no_context_takeover}, so each compressed message is independent of the connection's history and the
 * same bytes are valid on every connection (RFC 7692 section 7.2.1).
 *
 * <p>
 * One deflater per thread (the event loops), and per thread a small cache keyed by the identity of the message: a
 * publication is encoded once per codec, so its subscribers on one event loop hand in the same array one after the
 * other and all but the first get the cached result. Joined batches are unique arrays; they are compressed once and
 * soon evicted. Thread-safe without locks: nothing is shared between threads.
 */
public final class SharedDeflater {

    /** Entries per thread: enough for a few publications interleaved on one event loop. */
    private static final int SLOTS = 4;
    /** Every sync-flushed deflate block ends with this; RFC 7692 section 7.2.1 says to remove it. */
    private static final int TAIL = 4;

    private final FastThreadLocal<PerThread> local;

    public SharedDeflater(int level) {
        this.local = new FastThreadLocal<>() {
            @Override
            protected PerThread initialValue() {
                return new PerThread(level);
            }

            @Override
            protected void onRemoval(PerThread value) {
                value.deflater.end();
            }
        };
    }

    /** @return the permessage-deflate payload of {@code message} (without the 4-byte sync-flush tail) */
    public byte[] compress(byte[] message) {
        return local.get().compress(message);
    }

    private static final class PerThread {
        private final Deflater deflater;
        private final byte[][] keys = new byte[SLOTS][];
        private final byte[][] values = new byte[SLOTS][];
        private int next;
        private byte[] buffer = new byte[4096];

        PerThread(int level) {
            this.deflater = new Deflater(level, true);
        }

        byte[] compress(byte[] message) {
            for (int i = 0; i < SLOTS; i++) {
                if (keys[i] == message) {
                    return values[i];
                }
            }
            byte[] compressed = deflate(message);
            keys[next] = message;
            values[next] = compressed;
            next = (next + 1) % SLOTS;
            return compressed;
        }

        private byte[] deflate(byte[] message) {
            deflater.reset();
            deflater.setInput(message);
            int length = 0;
            while (true) {
                length += deflater.deflate(buffer, length, buffer.length - length, Deflater.SYNC_FLUSH);
                if (length < buffer.length) {
                    break; // room left: the sync flush completed
                }
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            return Arrays.copyOf(buffer, length - TAIL);
        }
    }
}
