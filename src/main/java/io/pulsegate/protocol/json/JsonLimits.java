package io.pulsegate.protocol.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

/**
 * Parser limits applied to every JSON document the gateway reads (client commands, server API bodies, payload
 * validation). Jackson's defaults (depth 1000, 1000-digit numbers, 20 M-char strings, 50 k-char names) are far too
 * generous for untrusted input; see hardening.md rows P3–P5.
 *
 * <p>
 * String and name limits apply to values the gateway actually reads (field names, channel names, tokens). Strings
 * inside raw payloads are only skipped, never materialised, so they are bounded by the transport's message-size limit
 * instead.
 *
 * @param maxNestingDepth deepest object/array nesting accepted, at most 64
 * @param maxNumberLength longest number literal in characters, at most 64
 * @param maxStringLength longest string value read, in characters
 * @param maxNameLength longest field name, in characters
 */
public record JsonLimits(int maxNestingDepth, int maxNumberLength, int maxStringLength, int maxNameLength) {

    /** Hard caps: no configuration may loosen these. */
    public static final int MAX_NESTING_DEPTH = 64;
    public static final int MAX_NUMBER_LENGTH = 64;

    /** Depth 64, numbers 64 digits, strings 1 MiB, names 256 characters. */
    public static final JsonLimits DEFAULTS = new JsonLimits(MAX_NESTING_DEPTH, MAX_NUMBER_LENGTH, 1 << 20, 256);

    public JsonLimits {
        if (maxNestingDepth < 1 || maxNestingDepth > MAX_NESTING_DEPTH) {
            throw new IllegalArgumentException("maxNestingDepth must be 1.." + MAX_NESTING_DEPTH);
        }
        if (maxNumberLength < 1 || maxNumberLength > MAX_NUMBER_LENGTH) {
            throw new IllegalArgumentException("maxNumberLength must be 1.." + MAX_NUMBER_LENGTH);
        }
        if (maxStringLength < 1 || maxNameLength < 1) {
            throw new IllegalArgumentException("string and name limits must be positive");
        }
    }

    /**
     * Builds a factory enforcing these limits, with duplicate keys rejected (Jackson's default is last-wins, which lets
     * a crafted command smuggle a second value past a validating proxy). Factories are thread-safe; build one and share
     * it.
     */
    public JsonFactory newFactory() {
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(maxNestingDepth)
                .maxNumberLength(maxNumberLength)
                .maxStringLength(maxStringLength)
                .maxNameLength(maxNameLength)
                .build();
        return JsonFactory.builder()
                .streamReadConstraints(constraints)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // Attacker-chosen unknown field names must not pile up in the JVM string pool.
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .build();
    }
}
