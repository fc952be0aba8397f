package io.pulsegate.engine.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One message of a client channel's pub/sub feed as {@link RedisBroker} and the publish script write it:
 * {@code p<offset>:<epoch>:<payload>} a publication (offset at least 1 and a non-empty epoch, or {@code p0::} for a
 * channel without history), {@code j<info>} a join and {@code l<info>} a leave. The header is parsed strictly: the
 * offset is decimal digits within the {@code long} range and the epoch printable ASCII without {@code :}.
 *
 * @param type {@link #PUBLICATION}, {@link #JOIN} or {@link #LEAVE}
 * @param offset the publication's offset, 0 without history (and for joins and leaves)
 * @param epoch the stream epoch, {@code null} without history (and for joins and leaves)
 * @param payload the encoded publication or client info ({@link RedisCodec})
 */
record PubSubMessage(byte type, long offset, String epoch, byte[] payload) {

    static final byte PUBLICATION = 'p';
    static final byte JOIN = 'j';
    static final byte LEAVE = 'l';

    /** Longest decimal offset: {@code Long.MAX_VALUE} has 19 digits. */
    private static final int MAX_OFFSET_DIGITS = 19;

    /**
     * @return the message, or {@code null} for an unknown type (written by a newer node)
     * @throws IllegalArgumentException when the message is empty or its header is malformed
     */
    static PubSubMessage parse(byte[] message) {
        if (message == null || message.length == 0) {
            throw malformed();
        }
        byte type = message[0];
        return switch (type) {
            case PUBLICATION -> publication(message);
            case JOIN, LEAVE -> new PubSubMessage(type, 0, null, Arrays.copyOfRange(message, 1, message.length));
            default -> null;
        };
    }

    private static PubSubMessage publication(byte[] message) {
        int first = indexOf(message, 1);
        int second = indexOf(message, first + 1);
        long offset = offset(message, 1, first);
        String epoch = epoch(message, first + 1, second);
        if ((offset == 0) != (epoch == null)) {
            throw malformed(); // a positioned publication has an epoch, an unpositioned one has none
        }
        return new PubSubMessage(PUBLICATION, offset, epoch, Arrays.copyOfRange(message, second + 1, message.length));
    }

    private static long offset(byte[] b, int from, int to) {
        if (to == from || to - from > MAX_OFFSET_DIGITS) {
            throw malformed();
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = b[i] - '0';
            if (digit < 0 || digit > 9 || value > (Long.MAX_VALUE - digit) / 10) {
                throw malformed();
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static String epoch(byte[] b, int from, int to) {
        if (to == from) {
            return null;
        }
        for (int i = from; i < to; i++) {
            if (b[i] < 0x21 || b[i] > 0x7e) {
                throw malformed();
            }
        }
        return new String(b, from, to - from, StandardCharsets.US_ASCII);
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == ':') {
                return i;
            }
        }
        throw malformed();
    }

    private static IllegalArgumentException malformed() {
        return new IllegalArgumentException("malformed engine message");
    }
}
