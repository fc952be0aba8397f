package io.pulsegate.delta;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.io.JsonStringEncoder;

import io.pulsegate.protocol.ProtocolFormat;
import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.json.JsonPayloads;

/**
 * The shapes a publication takes for a subscriber that negotiated fossil deltas, as the Centrifugo SDKs decode them.
 * Protobuf carries payloads and patches as bytes. JSON carries both as a JSON <em>string</em> (centrifuge-js parses
 * {@code pub.data} with {@code JSON.parse} for full payloads and UTF-8-encodes it before applying a patch), so a patch
 * must be valid UTF-8: patches are made character-aligned, and one that is not valid UTF-8 anyway is replaced by the
 * full payload.
 */
public final class DeltaForms {

    private DeltaForms() {
    }

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * @return the publication with its full payload, in the form a delta subscriber of {@code format} reads, or
     *         {@code null} when the payload cannot reach such a subscriber (binary data for JSON)
     */
    public static Publication full(Publication pub, ProtocolFormat format) {
        if (format != ProtocolFormat.JSON) {
            return pub;
        }
        return JsonPayloads.isValidJson(JSON, pub.data()) ? pub.withData(jsonString(pub.data()), false) : null;
    }

    /**
     * @param patch a fossil delta from the previous publication's payload to {@code pub}'s
     * @return the publication carrying the patch, or {@code null} when {@code format} cannot carry it
     */
    public static Publication patch(Publication pub, byte[] patch, ProtocolFormat format) {
        if (format != ProtocolFormat.JSON) {
            return pub.withData(patch, true);
        }
        byte[] quoted = jsonString(patch);
        return quoted == null ? null : pub.withData(quoted, true);
    }

    /**
     * One patch serves both formats: for UTF-8 text its segment boundaries fall on character boundaries, so it is
     * valid UTF-8 and can travel as a JSON string; binary payloads get a plain patch (only Protobuf carries them).
     *
     * @return a patch from {@code base} to {@code target}, or {@code null} when it would not be smaller than the
     *         target itself (then the full payload goes out)
     */
    public static byte[] patchOrNull(byte[] base, byte[] target) {
        byte[] patch = FossilDelta.createTextDelta(base, target);
        return patch.length < target.length ? patch : null;
    }

    /** @return {@code bytes} (UTF-8 text) as a quoted JSON string literal, or {@code null} when not valid UTF-8 */
    static byte[] jsonString(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(text);
        byte[] quoted = new byte[escaped.length + 2];
        quoted[0] = '"';
        System.arraycopy(escaped, 0, quoted, 1, escaped.length);
        quoted[quoted.length - 1] = '"';
        return quoted;
    }
}
