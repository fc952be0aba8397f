package io.pulsegate.delta;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Fossil delta format (fossil-scm {@code delta_format.wiki}), the one Centrifugo's delta compression sends and
 * the centrifuge-js SDK decodes.
 * <p>
 * A delta is text-framed binary: the target length as an integer and {@code '\n'}, then segments, each either
 * {@code <count>@<offset>,} (copy {@code count} bytes of the source from {@code offset}) or {@code <count>:<bytes>}
 * (insert the next {@code count} raw bytes of the delta), and finally {@code <checksum>;}, the 32-bit checksum of the
 * target: the sum of its big-endian 32-bit words, a short tail zero-padded on the right. Integers are unsigned and
 * written most significant digit first in the alphabet {@code 0-9 A-Z _ a-z ~} (base 64).
 * <p>
 * The encoder follows {@code delta_encoder_algorithm.wiki}: it indexes the source's aligned 16-byte blocks by a
 * rolling hash, slides a 16-byte window over the target, and on a hash hit extends the match backwards and forwards,
 * emitting a copy when it is worth its digits and literal inserts for the bytes in between. Thread-safe, no state.
 * <p>
 * {@link #createTextDelta} runs the same encoder but keeps every segment boundary on a UTF-8 character boundary of
 * the target, so that a delta between UTF-8 texts is itself UTF-8 text and can travel inside a JSON string.
 */
public final class FossilDelta {

    /** Upper bound of the target size {@link #apply} accepts, so a bad delta cannot demand a huge buffer. */
    public static final int MAX_TARGET_SIZE = 64 << 20;

    private static final int NHASH = 16;
    /** Source blocks tried per target position; bounds the work on highly repetitive sources. */
    private static final int MAX_CHAIN = 250;
    private static final byte[] DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < DIGITS.length; i++) {
            VALUES[DIGITS[i]] = (byte) i;
        }
    }

    private FossilDelta() {
    }

    /**
     * Returns a delta that turns {@code source} into {@code target}; either may be empty.
     *
     * @param source the base the receiver already holds
     * @param target the new content
     * @return the delta, to be passed to {@link #apply} with the same {@code source}
     */
    public static byte[] create(byte[] source, byte[] target) {
        return encode(source, target, false);
    }

    /**
     * Returns a delta like {@link #create}, in the same format, that is valid UTF-8 whenever {@code target} is, for
     * transports that carry the delta as text (the JSON protocol sends it in a JSON string). Everything but the literal
     * inserts is ASCII, and a literal is valid UTF-8 when it starts and ends on character boundaries of the target,
     * so each copy is shrunk at both ends to such boundaries (a copy that becomes too short to pay off stays literal).
     * The source's encoding does not matter, as its bytes never enter the delta. A target that is not valid UTF-8
     * gets {@link #create}'s delta (no delta of it could be UTF-8 with certainty, and runs of continuation bytes would
     * make the aligning encoder quadratic). The delta is typically no more than a few bytes per copy larger than
     * {@link #create}'s, and identical to it for an ASCII target.
     *
     * @param source the base the receiver already holds
     * @param target the new content, normally UTF-8 text
     * @return the delta, to be passed to {@link #apply} (or any Fossil decoder) with the same {@code source}
     */
    public static byte[] createTextDelta(byte[] source, byte[] target) {
        return encode(source, target, isUtf8(target));
    }

    private static boolean isUtf8(byte[] data) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(data)); // a new decoder reports bad input
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static byte[] encode(byte[] source, byte[] target, boolean alignToChars) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(target.length, 1024) + 32);
        putInt(out, target.length);
        out.write('\n');
        if (source.length < NHASH) {
            putLiteral(out, target, 0, target.length);
        } else {
            new Encoder(source, target, out, alignToChars).run();
        }
        putInt(out, Integer.toUnsignedLong(checksum(target)));
        out.write(';');
        return out.toByteArray();
    }

    /**
     * Applies a delta made by {@link #create} (or any Fossil encoder) to {@code source}.
     *
     * @param source the base the delta was made against
     * @param delta the delta
     * @return the target
     * @throws IllegalArgumentException if the delta is malformed, does not fit {@code source}, declares more than
     *         {@link #MAX_TARGET_SIZE} bytes, or its size or checksum does not match what it produces
     */
    public static byte[] apply(byte[] source, byte[] delta) {
        Reader in = new Reader(delta);
        long size = in.getInt();
        if (size > MAX_TARGET_SIZE) {
            throw new IllegalArgumentException("delta target size " + size + " exceeds " + MAX_TARGET_SIZE);
        }
        in.expect('\n', "size not terminated by '\\n'");
        byte[] out = new byte[(int) size];
        int total = 0;
        while (in.hasMore()) {
            long count = in.getInt();
            switch (in.next()) {
                case '@' -> {
                    long offset = in.getInt();
                    in.expect(',', "copy not terminated by ','");
                    checkFits(count, size - total);
                    if (offset + count > source.length) {
                        throw new IllegalArgumentException("delta copy extends past end of source");
                    }
                    System.arraycopy(source, (int) offset, out, total, (int) count);
                }
                case ':' -> {
                    checkFits(count, size - total);
                    in.take(out, total, (int) count);
                }
                case ';' -> {
                    return finish(out, total, count, in);
                }
                default -> throw new IllegalArgumentException("unknown delta operator");
            }
            total += (int) count;
        }
        throw new IllegalArgumentException("unterminated delta");
    }

    private static void checkFits(long count, long room) {
        if (count > room) {
            throw new IllegalArgumentException("delta output exceeds its declared size");
        }
    }

    private static byte[] finish(byte[] out, int total, long sum, Reader in) {
        if (total != out.length) {
            throw new IllegalArgumentException("delta produced " + total + " bytes, declared " + out.length);
        }
        if (sum != Integer.toUnsignedLong(checksum(out))) {
            throw new IllegalArgumentException("delta checksum mismatch");
        }
        if (in.hasMore()) {
            throw new IllegalArgumentException("trailing bytes after delta checksum");
        }
        return out;
    }

    /** Fossil's checksum: the sum of big-endian 32-bit words, the last partial word padded with zero bytes. */
    static int checksum(byte[] data) {
        int sum = 0;
        int whole = data.length & ~3;
        int i = 0;
        for (; i < whole; i += 4) {
            sum += (data[i] & 0xff) << 24 | (data[i + 1] & 0xff) << 16 | (data[i + 2] & 0xff) << 8
                    | (data[i + 3] & 0xff);
        }
        for (int shift = 24; i < data.length; i++, shift -= 8) {
            sum += (data[i] & 0xff) << shift;
        }
        return sum;
    }

    private static void putInt(ByteArrayOutputStream out, long value) {
        byte[] buf = new byte[11];
        int pos = buf.length;
        do {
            buf[--pos] = DIGITS[(int) (value & 63)];
            value >>>= 6;
        } while (value != 0);
        out.write(buf, pos, buf.length - pos);
    }

    private static void putLiteral(ByteArrayOutputStream out, byte[] data, int from, int to) {
        if (to > from) {
            putInt(out, to - from);
            out.write(':');
            out.write(data, from, to - from);
        }
    }

    private static int digitCount(int value) {
        return Math.max(1, (37 - Integer.numberOfLeadingZeros(value)) / 6);
    }

    /** Adler-style hash of a {@link #NHASH}-byte window that slides one byte at a time. */
    private static final class RollingHash {
        private int a;
        private int b;

        void init(byte[] data, int pos) {
            a = 0;
            b = 0;
            for (int i = 0; i < NHASH; i++) {
                int x = data[pos + i] & 0xff;
                a += x;
                b += (NHASH - i) * x;
            }
        }

        /** Moves the window from {@code [pos, pos + NHASH)} to {@code [pos + 1, pos + NHASH + 1)}. */
        void roll(byte[] data, int pos) {
            int old = data[pos] & 0xff;
            a += (data[pos + NHASH] & 0xff) - old;
            b += a - NHASH * old;
        }

        int bucket(int buckets) {
            return ((a & 0xffff | b << 16) & 0x7fffffff) % buckets;
        }
    }

    /** True unless {@code data[pos]} is a UTF-8 continuation byte ({@code 10xxxxxx}); true at the end. */
    private static boolean isCharStart(byte[] data, int pos) {
        return pos == data.length || (data[pos] & 0xc0) != 0x80;
    }

    /** One run of the encoder; holds the source index and the best match found at the current position. */
    private static final class Encoder {
        private final byte[] source;
        private final byte[] target;
        private final ByteArrayOutputStream out;
        /** Whether copies must start and end on UTF-8 character boundaries of the target. */
        private final boolean alignToChars;
        private final int[] landmark;
        private final int[] collide;
        private final RollingHash hash = new RollingHash();
        private int bestCount;
        private int bestOffset;
        private int bestStart;

        Encoder(byte[] source, byte[] target, ByteArrayOutputStream out, boolean alignToChars) {
            this.source = source;
            this.target = target;
            this.out = out;
            this.alignToChars = alignToChars;
            int blocks = source.length / NHASH;
            landmark = new int[blocks];
            collide = new int[blocks];
            Arrays.fill(landmark, -1);
            for (int block = 0; block < blocks; block++) {
                hash.init(source, block * NHASH);
                int h = hash.bucket(blocks);
                collide[block] = landmark[h];
                landmark[h] = block;
            }
        }

        void run() {
            int base = 0; // first target byte not yet emitted
            int pos = 0; // start of the hashed target window
            if (target.length >= NHASH) {
                hash.init(target, 0);
            }
            while (pos + NHASH <= target.length) {
                if (findMatch(base, pos)) {
                    putLiteral(out, target, base, bestStart);
                    putInt(out, bestCount);
                    out.write('@');
                    putInt(out, bestOffset);
                    out.write(',');
                    base = pos = bestStart + bestCount;
                    if (pos + NHASH <= target.length) {
                        hash.init(target, pos);
                    }
                } else {
                    if (pos + NHASH < target.length) {
                        hash.roll(target, pos);
                    }
                    pos++;
                }
            }
            putLiteral(out, target, base, target.length);
        }

        /**
         * Looks up the window at {@code pos} and records the most useful copy that does not reach before base; in text
         * mode its ends are moved inwards to character boundaries (base is one, as every segment ends on one).
         */
        private boolean findMatch(int base, int pos) {
            bestCount = 0;
            int block = landmark[hash.bucket(landmark.length)];
            for (int tries = 0; block >= 0 && tries < MAX_CHAIN; tries++, block = collide[block]) {
                int src = block * NHASH;
                int forward = 0;
                while (src + forward < source.length && pos + forward < target.length
                        && source[src + forward] == target[pos + forward]) {
                    forward++;
                }
                int back = 0;
                while (back < src && back < pos - base && source[src - back - 1] == target[pos - back - 1]) {
                    back++;
                }
                int start = pos - back; // target[start, end) equals the source from src - back
                int end = pos + forward;
                if (alignToChars) {
                    while (start < end && !isCharStart(target, start)) {
                        start++;
                    }
                    while (end > start && !isCharStart(target, end)) {
                        end--;
                    }
                }
                int count = end - start;
                int offset = src - (pos - start);
                int cost = digitCount(start - base) + digitCount(count) + digitCount(offset) + 3;
                if (end > pos && count >= cost && count > bestCount) {
                    bestCount = count;
                    bestOffset = offset;
                    bestStart = start;
                }
            }
            return bestCount > 0;
        }
    }

    /** Cursor over a delta that turns every overrun and malformed integer into an IllegalArgumentException. */
    private static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data) {
            this.data = data;
        }

        boolean hasMore() {
            return pos < data.length;
        }

        byte next() {
            if (pos >= data.length) {
                throw new IllegalArgumentException("delta truncated");
            }
            return data[pos++];
        }

        void expect(char c, String message) {
            if (next() != c) {
                throw new IllegalArgumentException(message);
            }
        }

        /** Reads an unsigned base-64 integer of at least one digit and at most 32 bits. */
        long getInt() {
            long value = 0;
            int start = pos;
            while (pos < data.length && data[pos] >= 0 && VALUES[data[pos]] >= 0) {
                value = (value << 6) | VALUES[data[pos++]];
                if (value > 0xffffffffL) {
                    throw new IllegalArgumentException("delta integer too large");
                }
            }
            if (pos == start) {
                throw new IllegalArgumentException("delta integer expected at byte " + start);
            }
            return value;
        }

        void take(byte[] out, int at, int count) {
            if (count > data.length - pos) {
                throw new IllegalArgumentException("delta insert extends past end of delta");
            }
            System.arraycopy(data, pos, out, at, count);
            pos += count;
        }
    }
}
