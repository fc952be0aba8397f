package io.pulsegate.transport.websocket.guard;

import static io.pulsegate.transport.websocket.guard.RawWebSocketClient.OP_BINARY;
import static io.pulsegate.transport.websocket.guard.RawWebSocketClient.OP_CONT;
import static io.pulsegate.transport.websocket.guard.RawWebSocketClient.OP_TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.util.Arrays;
import java.util.zip.DataFormatException;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Frame, message, fragment and decompression caps (hardening.md B9, B23, rows L5, L7, Z1): all close with 1009. */
@QuarkusTest
class SizeGuardTest {

    private static final String DEFLATE = "permessage-deflate; client_max_window_bits";

    @TestHTTPResource("/")
    URL url;

    @Inject
    MeterRegistry registry;

    @Test
    void oversizeFrameGetsCloseFrame() throws IOException { // L7, first half
        try (RawWebSocketClient ws = RawWebSocketClient.open(url.getPort(), null)) {
            ws.send(true, 0, OP_BINARY, new byte[70_000]);
            assertEquals(1009, ws.awaitCloseCode());
        }
    }

    @Test
    void oversizeFragmentedMessage() throws IOException { // L7, second half
        try (RawWebSocketClient ws = RawWebSocketClient.open(url.getPort(), null)) {
            ws.send(false, 0, OP_BINARY, new byte[40_000]);
            ws.send(true, 0, OP_CONT, new byte[40_000]);
            assertEquals(1009, ws.awaitCloseCode());
        }
    }

    @Test
    void zeroLengthContinuationFlood() throws IOException { // L5
        try (RawWebSocketClient ws = RawWebSocketClient.open(url.getPort(), null)) {
            ws.send(false, 0, OP_TEXT, new byte[]{'a'});
            // 2000 masked empty continuations in one write: 0x00 0x80 + mask
            ByteArrayOutputStream flood = new ByteArrayOutputStream();
            for (int i = 0; i < 2000; i++) {
                flood.write(new byte[]{0x00, (byte) 0x80, 1, 2, 3, 4});
            }
            ws.sendRaw(flood.toByteArray());
            assertEquals(1009, ws.awaitCloseCode());
        }
    }

    @Test
    void compressedMessageWithinCapIsEchoed() throws IOException, DataFormatException {
        byte[] chunk = "{\"method\":\"publish\",\"data\":\"0123456789\"}".repeat(100).getBytes();
        byte[] expected = new byte[chunk.length * 50]; // ~200 KB inflated: above the wire cap, below the inflated cap
        for (int i = 0; i < 50; i++) {
            System.arraycopy(chunk, 0, expected, i * chunk.length, chunk.length);
        }
        try (RawWebSocketClient ws = RawWebSocketClient.open(url.getPort(), DEFLATE)) {
            ws.send(true, 0b100, OP_TEXT, Deflate.compressRepeated(chunk, 50));
            RawWebSocketClient.Frame first = ws.read();
            assertEquals(OP_TEXT, first.opcode());
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            message.write(first.payload());
            for (RawWebSocketClient.Frame next = first; !next.fin();) { // Vert.x fragments at max-frame-size
                next = ws.read();
                message.write(next.payload());
            }
            assertEquals(0b100, first.rsv(), "large reply must be compressed");
            assertArrayEquals(expected, Deflate.inflate(message.toByteArray()));

            ws.send(true, 0b100, OP_TEXT, Deflate.compressRepeated("small".getBytes(), 1));
            RawWebSocketClient.Frame small = ws.read();
            assertEquals(0, small.rsv(), "replies below the threshold go uncompressed");
            assertArrayEquals("small".getBytes(), small.payload());
        }
    }

    @Test
    void decompressionBombIsStoppedAtTheCap() throws IOException { // B23, Z1
        byte[] megabyte = new byte[1 << 20];
        byte[] bomb = Deflate.compressRepeated(megabyte, 60); // 60 MiB of zeros
        assertTrue(bomb.length < 65_536, "bomb must fit in one frame: " + bomb.length);
        double before = rejected("decompressed_size");
        long allocatedBefore = allocatedBytes();
        try (RawWebSocketClient ws = RawWebSocketClient.open(url.getPort(), DEFLATE)) {
            ws.send(true, 0b100, OP_BINARY, bomb);
            assertEquals(1009, ws.awaitCloseCode());
        }
        long allocated = allocatedBytes() - allocatedBefore;
        assertTrue(allocated < 16L << 20, "allocated " + allocated + " bytes while rejecting a 60 MiB bomb");
        assertEquals(before + 1, rejected("decompressed_size"));
    }

    @Test
    void compressedMessageAboveInflatedCap() throws IOException { // 4 KiB of zeros x 80 = 320 KiB > 256 KiB
        try (RawWebSocketClient ws = RawWebSocketClient.open(url.getPort(), DEFLATE)) {
            ws.send(true, 0b100, OP_BINARY, Deflate.compressRepeated(new byte[4096], 80));
            assertEquals(1009, ws.awaitCloseCode());
        }
    }

    private double rejected(String reason) {
        var counter = registry.find("pulsegate.ws.frame.rejected").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Bytes allocated so far by all live threads (the event loops inflate, so a bomb would show up here). */
    private static long allocatedBytes() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return Arrays.stream(threads.getThreadAllocatedBytes(threads.getAllThreadIds())).filter(b -> b > 0).sum();
    }
}
