package io.pulsegate.transport.websocket.guard;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * Incremental UTF-8 validator (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF) that keeps its state
 * across fragments, so a text message fails at the first fragment containing an invalid byte rather than at the end.
 */
final class Utf8Validator implements ByteProcessor {

    /** Continuation bytes still expected for the current code point. */
    private int pending;
    /** Inclusive bounds of the next continuation byte; the first one is narrowed to rule out overlongs/surrogates. */
    private int low = 0x80;
    private int high = 0xBF;

    /** Starts a new message. */
    void reset() {
        pending = 0;
        low = 0x80;
        high = 0xBF;
    }

    /** Feeds the readable bytes of {@code buf} (not consumed); false at the first byte that cannot be valid. */
    boolean feed(ByteBuf buf) {
        return buf.forEachByte(this) == -1;
    }

    /** True if no code point is left incomplete, i.e. the message may end here. */
    boolean complete() {
        return pending == 0;
    }

    @Override
    public boolean process(byte value) {
        int b = value & 0xFF;
        if (pending == 0) {
            return b < 0x80 || lead(b);
        }
        if (b < low || b > high) {
            return false;
        }
        pending--;
        low = 0x80;
        high = 0xBF;
        return true;
    }

    private boolean lead(int b) {
        if (b >= 0xC2 && b <= 0xDF) {
            return expect(1, 0x80, 0xBF);
        } else if (b == 0xE0) {
            return expect(2, 0xA0, 0xBF); // no overlong 3-byte forms
        } else if (b == 0xED) {
            return expect(2, 0x80, 0x9F); // no UTF-16 surrogates
        } else if (b >= 0xE1 && b <= 0xEF) {
            return expect(2, 0x80, 0xBF);
        } else if (b == 0xF0) {
            return expect(3, 0x90, 0xBF); // no overlong 4-byte forms
        } else if (b >= 0xF1 && b <= 0xF3) {
            return expect(3, 0x80, 0xBF);
        } else if (b == 0xF4) {
            return expect(3, 0x80, 0x8F); // nothing above U+10FFFF
        }
        return false; // stray continuation byte, C0/C1 overlong lead, F5..FF
    }

    private boolean expect(int count, int firstLow, int firstHigh) {
        pending = count;
        low = firstLow;
        high = firstHigh;
        return true;
    }
}
