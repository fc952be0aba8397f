package io.pulsegate.proxy;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pulsegate.auth.ChannelOverride;
import io.pulsegate.auth.SubClaim;

/**
 * Collects the fields of a backend {@code result} while a codec reads it, then builds the {@link ProxyResult}.
 * A non-empty {@code b64info}/{@code b64data} wins over {@code info}/{@code data}. One instance per decoded answer.
 */
final class ResultBuilder {

    String user = "";
    long expireAt;
    boolean expired;
    byte[] info;
    String b64info = "";
    byte[] data;
    String b64data = "";
    List<String> channels = List.of();
    final Map<String, SubClaim> subs = new LinkedHashMap<>();
    byte[] meta;
    ChannelOverride override;
    boolean skipHistory;
    Map<String, String> tags;
    String idempotencyKey = "";
    boolean delta;

    ProxyResult build() throws ProxyCodec.PayloadException {
        return new ProxyResult(user, expireAt, expired, payload(info, b64info), payload(data, b64data), channels,
                Map.copyOf(subs), meta, override, skipHistory, tags, idempotencyKey, delta);
    }

    /** @return the decoded base64 when given, else the raw payload */
    static byte[] payload(byte[] raw, String b64) throws ProxyCodec.PayloadException {
        if (b64 == null || b64.isEmpty()) {
            return raw == null || raw.length == 0 ? null : raw;
        }
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new ProxyCodec.PayloadException("invalid base64 in answer");
        }
    }
}
