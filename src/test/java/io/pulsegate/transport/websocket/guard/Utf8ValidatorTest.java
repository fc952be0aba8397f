package io.pulsegate.transport.websocket.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;

/** Compares {@link Utf8Validator} with the JDK's strict UTF-8 decoder, whole and split byte by byte. */
class Utf8ValidatorTest {

    private final CharsetDecoder jdk = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    @Test
    void allSequencesUpToThreeBytesAndFourByteLeads() {
        for (int a = 0; a < 256; a++) {
            check(a);
            for (int b = 0; b < 256; b++) {
                check(a, b);
                if (a >= 0xE0 && a <= 0xEF || a >= 0xF0 && a <= 0xF4) {
                    for (int c = 0x70; c < 0xC8; c++) {
                        check(a, b, c);
                        if (a >= 0xF0) {
                            check(a, b, c, 0x80);
                            check(a, b, c, 0xC0);
                        }
                    }
                }
            }
        }
    }

    private void check(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        boolean expected;
        try {
            jdk.reset().decode(ByteBuffer.wrap(bytes));
            expected = true;
        } catch (CharacterCodingException e) {
            expected = false;
        }
        Utf8Validator whole = new Utf8Validator();
        assertEquals(expected, whole.feed(Unpooled.wrappedBuffer(bytes)) && whole.complete(), () -> hex(bytes));
        Utf8Validator split = new Utf8Validator();
        boolean ok = true;
        for (byte b : bytes) {
            ok = ok && split.feed(Unpooled.wrappedBuffer(new byte[]{b}));
        }
        assertEquals(expected, ok && split.complete(), () -> "split " + hex(bytes));
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
