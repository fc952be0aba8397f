package io.pulsegate.auth;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Maps the already verified claims JSON onto Centrifugo's claim model. Any shape the Go server would
 * fail to unmarshal (wrong JSON types, bad base64) is {@link TokenException.Reason#INVALID}.
 * Raw JSON values are re-serialised compactly, which also strips any newline that would break the
 * line-delimited JSON protocol; numbers keep their exact decimal value.
 */
final class ClaimsReader {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true)).build();

    private ClaimsReader() {
    }

    static ConnectionClaims connection(String rawClaims) {
        JsonNode n = parse(rawClaims);
        if (n.has("channel")) {
            // Centrifugo refuses this so a subscription token can never be replayed as a connection token.
            throw TokenException.invalid("connection token must not contain a channel claim");
        }
        return new ConnectionClaims(user(n), expireAt(n), payload(n, "info", "b64info"), channels(n.get("channels")),
                subs(n.get("subs")), raw(n.get("meta")));
    }

    static SubscriptionClaims subscription(String rawClaims) {
        JsonNode n = parse(rawClaims);
        String channel = string(n.get("channel"), "channel");
        if (channel == null || channel.isEmpty()) {
            throw TokenException.invalid("subscription token without channel");
        }
        return new SubscriptionClaims(user(n), channel, string(n.get("client"), "client"), expireAt(n),
                payload(n, "info", "b64info"), payload(n, "data", "b64data"), override(n.get("override")));
    }

    private static JsonNode parse(String rawClaims) {
        try {
            JsonNode n = JSON.readTree(rawClaims);
            if (n == null || !n.isObject()) {
                throw TokenException.invalid("claims are not a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw TokenException.invalid("claims are not valid JSON");
        }
    }

    private static String user(JsonNode n) {
        String sub = string(n.get("sub"), "sub");
        return sub == null ? "" : sub;
    }

    private static long expireAt(JsonNode n) {
        JsonNode expireAt = n.get("expire_at");
        if (present(expireAt)) {
            return Math.max(0, integer(expireAt, "expire_at"));
        }
        JsonNode exp = n.get("exp");
        return present(exp) ? Math.max(0, integer(exp, "exp")) : 0;
    }

    /** Centrifugo: a non-empty base64 variant replaces the raw JSON one. */
    private static byte[] payload(JsonNode n, String rawName, String b64Name) {
        String b64 = string(n.get(b64Name), b64Name);
        if (b64 != null && !b64.isEmpty()) {
            try {
                return Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                throw TokenException.invalid(b64Name + " is not valid base64");
            }
        }
        return raw(n.get(rawName));
    }

    private static byte[] raw(JsonNode value) {
        if (!present(value)) {
            return null;
        }
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw TokenException.invalid("claim could not be re-encoded");
        }
    }

    private static List<String> channels(JsonNode value) {
        if (!present(value)) {
            return List.of();
        }
        if (!value.isArray()) {
            throw TokenException.invalid("channels must be an array of strings");
        }
        List<String> out = new ArrayList<>(value.size());
        value.forEach(ch -> out.add(string(ch, "channels")));
        if (out.contains(null)) {
            throw TokenException.invalid("channels must be an array of strings");
        }
        return List.copyOf(out);
    }

    private static Map<String, SubClaim> subs(JsonNode value) {
        if (!present(value)) {
            return Map.of();
        }
        requireObject(value, "subs");
        Map<String, SubClaim> out = new LinkedHashMap<>();
        value.fields().forEachRemaining(e -> {
            JsonNode sub = e.getValue();
            requireObject(sub, "subs entry");
            out.put(e.getKey(), new SubClaim(payload(sub, "info", "b64info"), payload(sub, "data", "b64data"),
                    override(sub.get("override"))));
        });
        return Collections.unmodifiableMap(out);
    }

    private static ChannelOverride override(JsonNode value) {
        if (!present(value)) {
            return null;
        }
        requireObject(value, "override");
        return new ChannelOverride(boolValue(value, "presence"), boolValue(value, "join_leave"),
                boolValue(value, "force_push_join_leave"), boolValue(value, "force_recovery"),
                boolValue(value, "force_positioning"));
    }

    /** Reads a protobuf-style BoolValue wrapper {@code {"value": true}}; absent value means false. */
    private static Boolean boolValue(JsonNode override, String name) {
        JsonNode wrapper = override.get(name);
        if (!present(wrapper)) {
            return null;
        }
        requireObject(wrapper, "override." + name);
        JsonNode v = wrapper.get("value");
        if (present(v) && !v.isBoolean()) {
            throw TokenException.invalid("override." + name + ".value must be a boolean");
        }
        return present(v) && v.booleanValue();
    }

    private static String string(JsonNode value, String name) {
        if (!present(value)) {
            return null;
        }
        if (!value.isTextual()) {
            throw TokenException.invalid(name + " must be a string");
        }
        return value.textValue();
    }

    private static long integer(JsonNode value, String name) {
        if (!value.isNumber() || !value.canConvertToLong()) {
            throw TokenException.invalid(name + " must be a number");
        }
        return value.longValue();
    }

    private static void requireObject(JsonNode value, String name) {
        if (!value.isObject()) {
            throw TokenException.invalid(name + " must be an object");
        }
    }

    private static boolean present(JsonNode value) {
        return value != null && !value.isNull();
    }
}
