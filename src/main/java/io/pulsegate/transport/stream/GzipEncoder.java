package io.pulsegate.transport.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * gzip for one long-lived stream, flushed after every event: each {@link #encode} returns a sync-flushed deflate block
 * the client can decode at once, so compression never delays an event (Quarkus' own compression does not apply to
 * raw Router responses, and its keys are build-time). The dictionary spans the whole stream, which is where the
 * ratio on repetitive JSON comes from. Costs one native zlib state per stream. Not thread-safe: the connection's
 * thread only.
 */
final class GzipEncoder {

    private final ByteArrayOutputStream sink = new ByteArrayOutputStream(256);
    private final GZIPOutputStream gzip;

    GzipEncoder(int level) {
        try {
            gzip = new GZIPOutputStream(sink, 512, true) {
                {
                    def.setLevel(Math.max(Deflater.BEST_SPEED, Math.min(Deflater.BEST_COMPRESSION, level)));
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the compressed bytes of {@code plain}, including the gzip header on the first call */
    byte[] encode(byte[] plain) {
        try {
            gzip.write(plain);
            gzip.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return take();
    }

    /** @return the final block and trailer; releases the native state */
    byte[] finish() {
        try {
            gzip.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return take();
    }

    /** Releases the native state without a trailer (the peer is gone). */
    void release() {
        try {
            gzip.close();
        } catch (IOException | RuntimeException e) {
            // nothing to do: the stream is abandoned
        }
    }

    private byte[] take() {
        byte[] out = sink.toByteArray();
        sink.reset();
        return out;
    }
}
