package io.pulsegate.api;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;

import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.json.JsonOut;

/**
 * Writes server API responses with the same zero-value omission as Centrifugo's API encoder, including the fields it
 * always writes ({@code num_clients}, history {@code publications}/{@code epoch}/{@code offset}, node counters).
 */
final class ApiResultEncoder {

    private final JsonFactory factory;

    ApiResultEncoder(JsonFactory factory) {
        this.factory = factory;
    }

    byte[] result(ApiResult result) throws ApiException {
        try {
            JsonOut o = new JsonOut(factory).begin().begin("result");
            body(o, result);
            return o.end().end().toBytes();
        } catch (IOException | ProtocolException e) {
            throw unencodable();
        }
    }

    byte[] error(ApiError error) {
        try {
            JsonOut o = new JsonOut(factory).begin();
            error(o, error);
            return o.end().toBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode an API error", e);
        }
    }

    byte[] batch(List<ApiReply> replies) throws ApiException {
        try {
            JsonOut o = new JsonOut(factory).begin().array("replies");
            for (ApiReply reply : replies) {
                o.begin();
                if (reply.error() != null) {
                    error(o, reply.error());
                } else {
                    o.begin(reply.method());
                    body(o, reply.result());
                    o.end();
                }
                o.end();
            }
            return o.endArray().end().toBytes();
        } catch (IOException | ProtocolException e) {
            throw unencodable();
        }
    }

    /** A payload that is not JSON (binary history) cannot be written into a JSON response. */
    private static ApiException unencodable() {
        return new ApiException(500, ApiError.INTERNAL);
    }

    private static void error(JsonOut o, ApiError error) throws IOException {
        o.begin("error").num("code", error.code()).str("message", error.message()).end();
    }

    /** Writes the fields of a result into the current object. */
    private static void body(JsonOut o, ApiResult result) throws IOException, ProtocolException {
        if (result == null || result instanceof ApiResult.Empty) {
            return;
        }
        if (result instanceof ApiResult.PublishResult p) {
            o.num("offset", p.offset()).str("epoch", p.epoch());
        } else if (result instanceof ApiResult.BroadcastResult b) {
            broadcast(o, b);
        } else if (result instanceof ApiResult.PresenceResult p) {
            o.clientInfos("presence", p.presence());
        } else if (result instanceof ApiResult.PresenceStatsResult s) {
            o.alwaysNum("num_clients", s.numClients()).alwaysNum("num_users", s.numUsers());
        } else if (result instanceof ApiResult.HistoryResult h) {
            o.alwaysPublications("publications", h.publications()).alwaysStr("epoch", h.epoch());
            o.alwaysNum("offset", h.offset());
        } else if (result instanceof ApiResult.ChannelsResult c) {
            channels(o, c.channels());
        } else if (result instanceof ApiResult.InfoResult i) {
            nodes(o, i.nodes());
        } else if (result instanceof ApiResult.RpcResult r) {
            o.raw("data", r.data());
        } else if (result instanceof ApiResult.MapWriteResult w) {
            o.num("offset", w.offset()).str("epoch", w.epoch()).bool("suppressed", !w.suppressReason().isEmpty());
            o.str("suppress_reason", w.suppressReason());
        } else if (result instanceof ApiResult.MapStateResult m) {
            entries(o, m.entries());
            o.num("offset", m.offset()).str("epoch", m.epoch()).str("cursor", m.cursor());
        } else if (result instanceof ApiResult.MapStreamResult m) {
            entries(o, m.entries());
            o.num("offset", m.offset()).str("epoch", m.epoch());
        } else if (result instanceof ApiResult.MapStatsResult m) {
            o.alwaysNum("num_keys", m.numKeys());
        } else {
            throw new IllegalStateException("unknown API result " + result.getClass());
        }
    }

    /** Map entries ({@code MapEntry}): key, data, tags, offset, removed; omitted when there are none. */
    private static void entries(JsonOut o, List<Publication> entries) throws IOException, ProtocolException {
        if (entries == null || entries.isEmpty()) {
            return;
        }
        o.array("entries");
        for (Publication e : entries) {
            o.begin().str("key", e.key()).raw("data", e.data()).strMap("tags", e.tags()).num("offset", e.offset());
            o.bool("removed", e.removed()).end();
        }
        o.endArray();
    }

    private static void broadcast(JsonOut o, ApiResult.BroadcastResult b) throws IOException {
        if (b.responses() == null || b.responses().isEmpty()) {
            return;
        }
        o.array("responses");
        for (ApiResult.BroadcastResponse r : b.responses()) {
            o.begin();
            if (r.error() != null) {
                error(o, r.error());
            } else {
                ApiResult.PublishResult p = r.result();
                o.begin("result");
                if (p != null) {
                    o.num("offset", p.offset()).str("epoch", p.epoch());
                }
                o.end();
            }
            o.end();
        }
        o.endArray();
    }

    private static void channels(JsonOut o, Map<String, Long> channels) throws IOException {
        if (channels == null || channels.isEmpty()) {
            return;
        }
        o.begin("channels");
        for (Map.Entry<String, Long> e : channels.entrySet()) {
            o.begin(e.getKey()).num("num_clients", e.getValue() == null ? 0 : e.getValue()).end();
        }
        o.end();
    }

    private static void nodes(JsonOut o, List<ApiResult.NodeInfo> nodes) throws IOException {
        if (nodes == null || nodes.isEmpty()) {
            return;
        }
        o.array("nodes");
        for (ApiResult.NodeInfo n : nodes) {
            o.begin().alwaysStr("uid", n.uid()).alwaysStr("name", n.name()).alwaysStr("version", n.version());
            o.alwaysNum("num_clients", n.numClients()).alwaysNum("num_users", n.numUsers());
            o.alwaysNum("num_channels", n.numChannels()).alwaysNum("num_subs", n.numSubs());
            o.num("uptime", n.uptime()).end();
        }
        o.endArray();
    }
}
