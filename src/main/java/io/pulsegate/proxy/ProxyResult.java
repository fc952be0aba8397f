package io.pulsegate.proxy;

import java.util.List;
import java.util.Map;

import io.pulsegate.auth.ChannelOverride;
import io.pulsegate.auth.SubClaim;

/**
 * The {@code result} of a backend's answer. Centrifugo's results share field meanings across events, so one record
 * holds them; each event reads its own fields (see {@code docs/proxy.md}). {@code b64info}/{@code b64data} are
 * already decoded into {@code info}/{@code data}. Byte arrays are owned by the record.
 *
 * @param user connect: the authenticated user, {@code ""} for anonymous
 * @param expireAt connect, refresh, subscribe, sub_refresh: expiry in Unix seconds, 0 for never
 * @param expired refresh, sub_refresh: end the connection or subscription now
 * @param info connect, refresh: connection info; subscribe, sub_refresh: channel info
 * @param data connect and subscribe: data for the client's reply; publish: replacement payload; rpc: the answer.
 *        {@code null} when absent
 * @param channels connect: server-side channels
 * @param subs connect: server-side channels with info, data and overrides
 * @param meta connect, refresh: new server-side connection meta, or {@code null}
 * @param override subscribe: option overrides, or {@code null}
 * @param skipHistory publish: do not keep this publication in history
 * @param tags publish: tags stamped on the publication, or {@code null}
 * @param idempotencyKey publish: key against duplicate publishes, {@code ""} when absent
 * @param delta publish: deliver as a fossil delta to subscribers that negotiated one
 */
public record ProxyResult(String user, long expireAt, boolean expired, byte[] info, byte[] data, List<String> channels,
        Map<String, SubClaim> subs, byte[] meta, ChannelOverride override, boolean skipHistory,
        Map<String, String> tags, String idempotencyKey, boolean delta) {

    /** The empty result ({@code "result":{}}): allowed, nothing changed. */
    public static final ProxyResult EMPTY = new ProxyResult("", 0, false, null, null, List.of(), Map.of(), null, null,
            false, null, "", false);
}
