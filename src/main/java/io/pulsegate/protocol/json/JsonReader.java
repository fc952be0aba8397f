package io.pulsegate.protocol.json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonParser.NumberType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import io.pulsegate.protocol.StreamPosition;

/**
 * Typed, zero-value-aware reads over a streaming {@link JsonParser} positioned on a value token. {@code null} reads
 * as the zero value, like Go's {@code encoding/json}; any other type mismatch throws {@link WrongTypeException}. Raw
 * payloads are captured as the exact input bytes of the value.
 *
 * <p>
 * Internal helper of the JSON codecs; not thread-safe, one instance per parsed document.
 */
public final class JsonReader {

    /** A value of the wrong JSON type for a known field. Carries a short message safe to show to clients. */
    public static final class WrongTypeException extends JsonProcessingException {
        private static final long serialVersionUID = 1L;

        public WrongTypeException(String field) {
            // Only short names are echoed: a tag key is client-chosen and messages may end up in close reasons.
            super(field == null || field.length() > 32 ? "invalid value" : "invalid value for " + field);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // bad client input, not a server fault
        }
    }

    private static final long U32_MAX = 0xFFFF_FFFFL;

    private final JsonParser p;
    private final byte[] src;
    private final int base;

    /**
     * @param src the bytes the parser reads
     * @param base index in {@code src} where the parser's input starts (its byte offsets are relative to it)
     */
    public JsonReader(JsonParser p, byte[] src, int base) {
        this.p = p;
        this.src = src;
        this.base = base;
    }

    /** @return the next token, {@code null} at end of input */
    public JsonToken next() throws IOException {
        return p.nextToken();
    }

    /** @return the current token */
    public JsonToken token() {
        return p.currentToken();
    }

    /** @return true when the current value is an object to read, false when it is {@code null} */
    public boolean object() throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            return true;
        }
        if (t == JsonToken.VALUE_NULL) {
            return false;
        }
        throw wrongType();
    }

    /** Inside an object: moves to the next field's value; false at the end of the object. */
    public boolean nextField() throws IOException {
        if (p.nextToken() != JsonToken.FIELD_NAME) {
            return false; // END_OBJECT: the parser rejects anything else
        }
        p.nextToken();
        return true;
    }

    /** @return the name of the field whose value is current */
    public String name() throws IOException {
        return p.currentName();
    }

    /** Skips the current value, with all its children. */
    public void skip() throws IOException {
        p.skipChildren();
    }

    public String string() throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return p.getText(); // materialising the text enforces maxStringLength
        }
        if (t == JsonToken.VALUE_NULL) {
            return "";
        }
        throw wrongType();
    }

    public boolean bool() throws IOException {
        return switch (p.currentToken()) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE, VALUE_NULL -> false;
            default -> throw wrongType();
        };
    }

    /** @return a proto {@code uint32} */
    public long u32() throws IOException {
        long v = integer();
        if (v < 0 || v > U32_MAX) {
            throw wrongType();
        }
        return v;
    }

    /** @return a proto {@code uint64}, limited to the non-negative {@code long} range */
    public long u64() throws IOException {
        long v = integer();
        if (v < 0) {
            throw wrongType();
        }
        return v;
    }

    /** @return a proto {@code int32} */
    public int i32() throws IOException {
        long v = integer();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw wrongType();
        }
        return (int) v;
    }

    /** @return a proto {@code int64} */
    public long i64() throws IOException {
        return integer();
    }

    private long integer() throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == NumberType.BIG_INTEGER) {
            throw wrongType(); // floats, strings, and integers beyond 64 bits
        }
        return p.getLongValue();
    }

    /**
     * Captures the current value as raw JSON bytes, exactly as received minus raw {@code \n}/{@code \r} bytes.
     *
     * @return the bytes, or {@code null} for a JSON {@code null}
     */
    public byte[] raw() throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        int start = base + (int) p.currentTokenLocation().getByteOffset();
        if (t.isStructStart()) {
            p.skipChildren();
        } else {
            p.finishToken(); // strings are parsed lazily; finish so the location is past the closing quote
        }
        int end = base + (int) p.currentLocation().getByteOffset();
        return JsonPayloads.stripNewlines(src, start, end);
    }

    /** @return an array of strings, {@code null} for a JSON {@code null} */
    public List<String> strings() throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_ARRAY) {
            throw wrongType();
        }
        List<String> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(string());
        }
        return out;
    }

    /** Skips an array, counting its elements; {@code null} counts as empty. */
    public int arrayLength() throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (t != JsonToken.START_ARRAY) {
            throw wrongType();
        }
        int n = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            p.skipChildren();
            n++;
        }
        return n;
    }

    /** @return an object of string values, {@code null} for a JSON {@code null} */
    public Map<String, String> stringMap() throws IOException {
        if (!object()) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        while (nextField()) {
            out.put(name(), string());
        }
        return out;
    }

    /** @return a {@code {offset, epoch}} object, {@code null} for a JSON {@code null} */
    public StreamPosition position() throws IOException {
        if (!object()) {
            return null;
        }
        long offset = 0;
        String epoch = "";
        while (nextField()) {
            switch (name()) {
                case "offset" -> offset = u64();
                case "epoch" -> epoch = string();
                default -> skip();
            }
        }
        return new StreamPosition(offset, epoch);
    }

    private WrongTypeException wrongType() throws IOException {
        return new WrongTypeException(p.currentName());
    }
}
