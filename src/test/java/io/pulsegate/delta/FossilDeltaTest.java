package io.pulsegate.delta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Round trips and malformed-delta handling of the Fossil delta codec. */
class FossilDeltaTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    private static byte[] roundTrip(byte[] source, byte[] target) {
        byte[] delta = FossilDelta.create(source, target);
        assertArrayEquals(target, FossilDelta.apply(source, delta));
        return delta;
    }

    /** A JSON document of about {@code size} bytes with varied field values. */
    static byte[] json(Random random, int size) {
        StringBuilder sb = new StringBuilder("{\"items\":[");
        for (int i = 0; sb.length() < size - 80; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"name\":\"item-")
                    .append(Long.toHexString(random.nextLong())).append("\",\"price\":")
                    .append(random.nextInt(100000) / 100.0).append(",\"active\":").append(random.nextBoolean())
                    .append('}');
        }
        return utf8(sb.append("],\"version\":1}").toString());
    }

    /** One random insert, delete or replace of up to 20 bytes. */
    static byte[] edit(Random random, byte[] doc) {
        int pos = random.nextInt(doc.length + 1);
        int len = 1 + random.nextInt(20);
        byte[] chunk = new byte[len];
        for (int i = 0; i < len; i++) {
            chunk[i] = (byte) ('a' + random.nextInt(26));
        }
        int cut = switch (random.nextInt(3)) {
            case 0 -> 0; // insert
            case 1 -> Math.min(len, doc.length - pos); // replace
            default -> -Math.min(len, doc.length - pos); // delete
        };
        byte[] head = Arrays.copyOfRange(doc, 0, pos);
        byte[] tail = Arrays.copyOfRange(doc, pos + Math.abs(cut), doc.length);
        byte[] mid = cut < 0 ? new byte[0] : chunk;
        byte[] out = new byte[head.length + mid.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(mid, 0, out, head.length, mid.length);
        System.arraycopy(tail, 0, out, head.length + mid.length, tail.length);
        return out;
    }

    /** Words of 1- to 4-byte UTF-8 characters: Cyrillic, CJK, emoji, Greek, Hebrew, accents, a musical symbol. */
    private static final String[] WORDS = {"привет", "мир", "日本語", "テキスト", "中文字符", "😀", "🚀🌍", "👍🏽",
            "naïve", "café", "Grüße", "ελληνικά", "עברית", "𝄞", "–—", "\u00a0", "hello", "world", "id", "42", "{", "}",
            "\":", ",", " "};

    private static String words(Random random, int chars) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < chars) {
            sb.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    /** A JSON document of about {@code size} chars whose string values are multilingual text. */
    static String multilingualJson(Random random, int size) {
        StringBuilder sb = new StringBuilder("{\"messages\":[");
        for (int i = 0; sb.length() < size; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"user\":\"")
                    .append(words(random, 2 + random.nextInt(8))).append("\",\"text\":\"")
                    .append(words(random, 10 + random.nextInt(80))).append("\"}");
        }
        return sb.append("]}").toString();
    }

    /** One insert, delete or replace of up to 10 code points at a random code point, with multilingual text. */
    static String editText(Random random, String s) {
        int from = s.offsetByCodePoints(0, random.nextInt(s.codePointCount(0, s.length()) + 1));
        int to = s.offsetByCodePoints(from, Math.min(random.nextInt(11), s.codePointCount(from, s.length())));
        String insert = switch (random.nextInt(3)) {
            case 0 -> { // insert
                to = from;
                yield words(random, 1 + random.nextInt(15));
            }
            case 1 -> words(random, 1 + random.nextInt(15)); // replace
            default -> ""; // delete
        };
        return s.substring(0, from) + insert + s.substring(to);
    }

    private static boolean isUtf8(byte[] data) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void textDeltasOfMultilingualTextAreUtf8() {
        Random random = new Random(2024);
        long textTotal = 0;
        long plainTotal = 0;
        int plainInvalid = 0;
        for (int i = 0; i < 500; i++) {
            String doc = multilingualJson(random, 100 + random.nextInt(4000));
            String next = doc;
            for (int k = 1 + random.nextInt(6); k > 0; k--) {
                next = editText(random, next);
            }
            byte[] source = utf8(doc);
            byte[] target = utf8(next);
            byte[] delta = FossilDelta.createTextDelta(source, target);
            byte[] plain = FossilDelta.create(source, target);
            String context = "case " + i + ": " + new String(delta, StandardCharsets.ISO_8859_1);
            assertTrue(isUtf8(delta), context);
            assertArrayEquals(target, FossilDelta.apply(source, delta), context);
            byte[] viaString = utf8(new String(delta, StandardCharsets.UTF_8));
            assertArrayEquals(delta, viaString, context);
            assertArrayEquals(target, FossilDelta.apply(source, viaString), context);
            textTotal += delta.length;
            plainTotal += plain.length;
            plainInvalid += isUtf8(plain) ? 0 : 1;
        }
        assertTrue(plainInvalid > 0, "no case splits a character in create's deltas, so the test proves nothing");
        assertTrue(textTotal < 1.3 * plainTotal, "text deltas " + textTotal + " bytes, plain " + plainTotal);
    }

    @Test
    void textDeltaOfAsciiOrBinaryData() {
        Random random = new Random(11);
        byte[] doc = json(random, 4096);
        for (int i = 0; i < 50; i++) {
            byte[] next = edit(random, doc);
            assertArrayEquals(FossilDelta.create(doc, next), FossilDelta.createTextDelta(doc, next));
            doc = next;
        }
        byte[] a = new byte[5000];
        random.nextBytes(a);
        byte[] b = a.clone();
        b[2500] ^= 1;
        assertArrayEquals(FossilDelta.create(a, b), FossilDelta.createTextDelta(a, b)); // not UTF-8: plain delta
        byte[] continuations = new byte[30000];
        Arrays.fill(continuations, (byte) 0x80);
        assertArrayEquals(FossilDelta.create(continuations, continuations),
                FossilDelta.createTextDelta(continuations, continuations));
        byte[] valid = utf8("приветмир".repeat(1000)); // UTF-8 target, any source: the source is never copied out
        byte[] delta = FossilDelta.createTextDelta(continuations, valid);
        assertTrue(isUtf8(delta));
        assertArrayEquals(valid, FossilDelta.apply(continuations, delta));
        delta = FossilDelta.createTextDelta(a, valid);
        assertTrue(isUtf8(delta));
        assertArrayEquals(valid, FossilDelta.apply(a, delta));
        byte[] shifted = Arrays.copyOfRange(valid, 1, valid.length - 1); // source cut mid-character
        delta = FossilDelta.createTextDelta(shifted, valid);
        assertTrue(isUtf8(delta) && delta.length < 30, ascii(delta));
        assertArrayEquals(valid, FossilDelta.apply(shifted, delta));
        byte[] text = utf8("привет, 世界 😀 — a little longer than sixteen bytes");
        assertArrayEquals(text, FossilDelta.apply(new byte[0], FossilDelta.createTextDelta(new byte[0], text)));
        assertArrayEquals(text, FossilDelta.apply(text, FossilDelta.createTextDelta(text, text)));
        assertEquals("0\n0;", ascii(FossilDelta.createTextDelta(text, new byte[0])));
    }

    @Test
    void identicalInputsBecomeOneCopy() {
        byte[] doc = json(new Random(1), 4096);
        byte[] delta = roundTrip(doc, doc);
        assertTrue(delta.length < 20, ascii(delta));
    }

    @Test
    void emptyAndShortSources() {
        byte[] doc = utf8("{\"hello\":\"world, a little longer than sixteen bytes\"}");
        assertEquals("0\n0;", ascii(roundTrip(doc, new byte[0])));
        assertEquals("0\n0;", ascii(roundTrip(new byte[0], new byte[0])));
        roundTrip(new byte[0], doc);
        roundTrip(utf8("{\"a\":1}"), doc);
        roundTrip(utf8("{\"a\":1}"), utf8("{\"a\":2}"));
        roundTrip(Arrays.copyOf(doc, 16), doc);
        roundTrip(doc, Arrays.copyOf(doc, 15));
        assertEquals("3\n3:abc", ascii(FossilDelta.create(new byte[0], utf8("abc"))).substring(0, 7));
    }

    @Test
    void randomEditsOfJsonDocument() {
        Random random = new Random(42);
        byte[] doc = json(random, 4096);
        for (int i = 0; i < 200; i++) {
            byte[] next = edit(random, doc);
            byte[] delta = roundTrip(doc, next);
            assertTrue(delta.length < next.length / 10, "delta of " + delta.length + " bytes for a small edit");
            doc = next;
        }
    }

    @Test
    void oneChangedFieldGivesASmallDelta() {
        byte[] doc = json(new Random(7), 4096);
        String text = new String(doc, StandardCharsets.UTF_8);
        byte[] changed = utf8(text.replaceFirst("\"id\":30,", "\"id\":31,"));
        byte[] delta = roundTrip(doc, changed);
        assertTrue(delta.length < 40, ascii(delta));
    }

    @Test
    void unrelatedInputsAndBinaryData() {
        Random random = new Random(3);
        byte[] a = new byte[5000];
        byte[] b = new byte[7000];
        random.nextBytes(a);
        random.nextBytes(b);
        roundTrip(a, b);
        roundTrip(json(random, 4096), json(random, 4096));
        byte[] all = new byte[4096];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) (i * 7);
        }
        byte[] edited = all.clone();
        edited[1000] ^= 0x55;
        edited[3000] = (byte) 0xff;
        roundTrip(all, edited);
        roundTrip(edited, a);
        roundTrip(new byte[65536], new byte[65536 + 1]);
    }

    @Test
    void checksumMatchesTheFormatDescription() {
        assertEquals(0, FossilDelta.checksum(new byte[0]));
        assertEquals(0x01020304 + 0x05000000, FossilDelta.checksum(new byte[]{1, 2, 3, 4, 5}));
        assertEquals(0xfffffffe, FossilDelta.checksum(new byte[]{-1, -1, -1, -1, -1, -1, -1, -1}));
    }

    @Test
    void malformedDeltasAreRejected() {
        byte[] source = json(new Random(5), 4096);
        byte[] target = edit(new Random(6), source);
        String delta = ascii(FossilDelta.create(source, target));
        int semi = delta.lastIndexOf(';');
        int sumStart = delta.lastIndexOf(',', semi) + 1;
        char last = delta.charAt(semi - 1);
        String flipped = delta.substring(0, semi - 1) + (last == '0' ? '1' : '0') + ";";
        String badCopy = delta.substring(0, delta.indexOf('\n') + 1) + "10@" + "zzz,"
                + delta.substring(delta.indexOf('\n') + 1);
        String[] bad = {flipped, delta.substring(0, semi), delta.substring(0, semi / 2), badCopy,
                "*" + delta.substring(1), delta.substring(0, sumStart) + "!;", "", "\n0;", "0\n", "0;0;",
                "5\n9:abc", "3\n3:abc0;x", "3\n3#abc0;", "4\n3:abc0;", "3\n2:ab1:c0;", "zzzzzz\n0;", "1\n~~~~~~~~@0,",
                delta + "x"};
        for (String d : bad) {
            assertThrows(IllegalArgumentException.class, () -> FossilDelta.apply(source, d.getBytes(
                    StandardCharsets.ISO_8859_1)), d.length() > 60 ? d.substring(0, 60) : d);
        }
    }
}
