package io.pulsegate.protocol.json;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;

/**
 * Helpers for raw JSON payloads ({@code data}, {@code info}, {@code conn_info}, {@code chan_info}) and for the UTF-8
 * checks of incoming messages. Shared by the client codec and the server API model.
 */
public final class JsonPayloads {

    private JsonPayloads() {
    }

    /**
     * Strict UTF-8 check (RFC 3629): rejects stray continuation bytes, truncated sequences, overlong forms, UTF-16
     * surrogates and code points above U+10FFFF. Jackson's own checks are lenient on overlongs and surrogates, and raw
     * payloads are forwarded byte for byte to other clients, so the whole message is checked once up front.
     */
    public static boolean isValidUtf8(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i];
            if (c >= 0) { // ASCII fast path
                i++;
                continue;
            }
            c &= 0xFF;
            int need;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                min = 0x10000;
            } else {
                return false; // continuation byte as lead, C0/C1 overlong lead, or F5..FF
            }
            if (i + need >= to) {
                return false; // truncated sequence
            }
            int cp = c & (0x3F >> need);
            for (int k = 1; k <= need; k++) {
                int cc = b[i + k] & 0xFF;
                if ((cc & 0xC0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (cc & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return false;
            }
            i += need + 1;
        }
        return true;
    }

    /**
     * @return whether {@code payload} is exactly one well-formed JSON value in valid UTF-8 (a streaming skip-parse, no
     *         tree is built)
     */
    public static boolean isValidJson(JsonFactory factory, byte[] payload) {
        if (payload == null || payload.length == 0 || !isValidUtf8(payload, 0, payload.length)) {
            return false;
        }
        try (JsonParser p = factory.createParser(payload)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** @return bytes {@code [from, to)} of {@code src} without raw {@code \n} and {@code \r} bytes */
    public static byte[] stripNewlines(byte[] src, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (src[i] == '\n' || src[i] == '\r') {
                n++;
            }
        }
        if (n == 0) {
            return Arrays.copyOfRange(src, from, to);
        }
        byte[] out = new byte[to - from - n];
        int j = 0;
        for (int i = from; i < to; i++) {
            byte c = src[i];
            if (c != '\n' && c != '\r') {
                out[j++] = c;
            }
        }
        return out;
    }

    /**
     * Writes {@code payload} to {@code out} without raw {@code \n}/{@code \r}. Safe for valid JSON: inside strings
     * those characters are always escaped, so only insignificant whitespace is removed, and the newline framing of the
     * JSON protocol stays intact.
     */
    public static void writeStripped(OutputStream out, byte[] payload) throws IOException {
        int start = 0;
        for (int i = 0; i < payload.length; i++) {
            byte c = payload[i];
            if (c == '\n' || c == '\r') {
                out.write(payload, start, i - start);
                start = i + 1;
            }
        }
        out.write(payload, start, payload.length - start);
    }
}
