package io.pulsegate.api;

import java.util.List;
import java.util.Map;

import io.pulsegate.protocol.ClientInfo;
import io.pulsegate.protocol.Publication;

/** Results of the server HTTP API methods, written inside {@code {"result":...}} (or a batch reply). */
public sealed interface ApiResult {

    /** The result of methods that return nothing: {@code {}}. */
    ApiResult EMPTY = new Empty();

    /** {@code publish}: the publication's stream position; both zero when the channel keeps no history. */
    record PublishResult(long offset, String epoch) implements ApiResult {}

    /** {@code broadcast}: one response per channel, in request order. */
    record BroadcastResult(List<BroadcastResponse> responses) implements ApiResult {}

    /** One channel's outcome in a broadcast: exactly one of {@code result} or {@code error}. */
    record BroadcastResponse(PublishResult result, ApiError error) {
        public static BroadcastResponse ok(PublishResult result) {
            return new BroadcastResponse(result, null);
        }

        public static BroadcastResponse failed(ApiError error) {
            return new BroadcastResponse(null, error);
        }
    }

    /** {@code {}}: subscribe, unsubscribe, disconnect, refresh, history_remove. */
    record Empty() implements ApiResult {}

    /** {@code presence}: client id to client info. */
    record PresenceResult(Map<String, ClientInfo> presence) implements ApiResult {}

    /** {@code presence_stats}. */
    record PresenceStatsResult(long numClients, long numUsers) implements ApiResult {}

    /** {@code history}. */
    record HistoryResult(List<Publication> publications, String epoch, long offset) implements ApiResult {}

    /** {@code channels}: channel name to its number of connected clients. */
    record ChannelsResult(Map<String, Long> channels) implements ApiResult {}

    /**
     * {@code map_publish} and {@code map_remove}: the change's position, or the top when nothing changed.
     *
     * @param suppressReason {@code ""} when applied, else Centrifugo's {@code suppress_reason}
     */
    record MapWriteResult(long offset, String epoch, String suppressReason) implements ApiResult {}

    /**
     * {@code map_read_state}: entries carry {@code key}, {@code data}, {@code tags} and the offset of the key's last
     * change; {@code cursor} is {@code ""} on the last page.
     */
    record MapStateResult(List<Publication> entries, long offset, String epoch, String cursor) implements ApiResult {}

    /** {@code map_read_stream}: changes oldest first, removals with {@code removed} and no data. */
    record MapStreamResult(List<Publication> entries, long offset, String epoch) implements ApiResult {}

    /** {@code map_stats}. */
    record MapStatsResult(long numKeys) implements ApiResult {}

    /** {@code info}: one entry per node of the cluster. */
    record RpcResult(byte[] data) implements ApiResult {}

    record InfoResult(List<NodeInfo> nodes) implements ApiResult {}

    /** One node in {@link InfoResult}; {@code uptime} in seconds. */
    record NodeInfo(String uid, String name, String version, long numClients, long numUsers, long numChannels,
            long numSubs, long uptime) {}
}
