package io.pulsegate.auth;

import java.util.List;
import java.util.regex.Pattern;

import io.pulsegate.config.NamespaceConfig;
import io.pulsegate.engine.PublishOptions;
import io.pulsegate.map.MapSettings;

/**
 * The options of one namespace, resolved once from configuration so the per-command path reads plain fields.
 *
 * @param namespace namespace name, {@code ""} for channels without a namespace
 * @param proxies the backend proxies deciding this namespace's subscribes, publications and subscription refreshes
 * @param map the map settings of a {@code subscription-type=map} namespace, {@code null} for a stream namespace
 */
public record ChannelOptions(String namespace, PublishOptions publishOptions, boolean forceRecovery,
        boolean allowRecovery, boolean forcePositioning, boolean allowPositioning, boolean presence,
        boolean joinLeave, boolean forcePushJoinLeave, Permissions subscribe, Permissions publish,
        Permissions presenceRead, Permissions historyRead, boolean allowUserLimitedChannels, Pattern channelRegex,
        Proxies proxies, Updates updates, MapSettings map) {

    /**
     * How publications of a namespace reach subscribers beyond the plain stream.
     *
     * @param fossilDelta subscribers may negotiate fossil deltas
     * @param deltaPublish every publication is marked for delta delivery
     * @param cacheRecovery subscribers catch up with the latest publication only
     * @param publishDebounceMillis announced client-side publish debounce
     * @param batch the batching window, {@link Batch#NONE} for immediate delivery
     */
    public record Updates(boolean fossilDelta, boolean deltaPublish, boolean cacheRecovery, long publishDebounceMillis,
            Batch batch) {}

    /**
     * A namespace's batching window.
     *
     * @param maxDelayNanos how long a publication may wait, 0 for none
     * @param maxSize messages that flush the batch early, 0 for no limit
     * @param flushLatest only the newest publication of a channel leaves per window
     */
    public record Batch(long maxDelayNanos, int maxSize, boolean flushLatest) {
        /** Immediate delivery. */
        public static final Batch NONE = new Batch(0, 0, false);

        /** @return whether publications wait for a window */
        public boolean delayed() {
            return maxDelayNanos > 0;
        }
    }

    /**
     * Names of the proxies ({@code pulsegate.proxies.<name>}) of a namespace, {@code null} where none is configured.
     */
    public record Proxies(String subscribe, String publish, String subRefresh) {}

    /**
     * Who may perform one kind of operation without a token.
     *
     * @param client any authenticated connection
     * @param subscriber connections subscribed to the channel
     * @param anonymous extends the two above to anonymous connections
     */
    public record Permissions(boolean client, boolean subscriber, boolean anonymous) {}

    /** Resolves a configured namespace. */
    public static ChannelOptions of(String namespace, NamespaceConfig c) {
        PublishOptions publish = new PublishOptions(c.historySize(), c.historyTtl(), c.historyMetaTtl());
        return new ChannelOptions(namespace, publish, c.forceRecovery(), c.allowRecovery(), c.forcePositioning(),
                c.allowPositioning(), c.presence(), c.joinLeave(), c.forcePushJoinLeave(),
                new Permissions(c.allowSubscribeForClient(), false, c.allowSubscribeForAnonymous()),
                new Permissions(c.allowPublishForClient(), c.allowPublishForSubscriber(), c.allowPublishForAnonymous()),
                new Permissions(c.allowPresenceForClient(), c.allowPresenceForSubscriber(),
                        c.allowPresenceForAnonymous()),
                new Permissions(c.allowHistoryForClient(), c.allowHistoryForSubscriber(), c.allowHistoryForAnonymous()),
                c.allowUserLimitedChannels(), c.channelRegex().map(Pattern::compile).orElse(null),
                new Proxies(c.subscribeProxy().orElse(null), c.publishProxy().orElse(null),
                        c.subRefreshProxy().orElse(null)),
                updates(namespace, c),
                c.subscriptionType() == NamespaceConfig.SubscriptionType.MAP
                        ? MapSettings.of(namespace, c.map())
                        : null);
    }

    private static Updates updates(String namespace, NamespaceConfig c) {
        List<String> deltaTypes = c.allowedDeltaTypes().orElse(List.of());
        for (String type : deltaTypes) {
            if (!"fossil".equals(type)) {
                throw new IllegalArgumentException("namespace '" + namespace + "': unknown delta type '" + type
                        + "' in allowed-delta-types (supported: fossil)");
            }
        }
        boolean fossil = deltaTypes.contains("fossil");
        long delay = c.batchMaxDelay().toNanos();
        Batch batch = delay > 0 ? new Batch(delay, Math.max(0, c.batchMaxSize()), c.batchFlushLatest()) : Batch.NONE;
        return new Updates(fossil, c.deltaPublish(), c.recoveryMode() == NamespaceConfig.RecoveryMode.CACHE,
                c.clientPublishDebounceInterval().toMillis(), batch);
    }

    /**
     * @param skipHistory the publisher asked not to keep this publication
     * @param delta the publisher asked for delta delivery (the namespace's {@code delta-publish} asks for every one)
     * @return how a publication into this namespace is kept and delivered
     */
    public PublishOptions publishOptions(boolean skipHistory, boolean delta) {
        return (skipHistory ? PublishOptions.NO_HISTORY : publishOptions).withDelta(delta || updates.deltaPublish());
    }

    /** @return whether channels of this namespace are map channels */
    public boolean isMap() {
        return map != null;
    }

    /** @return whether publications of this namespace are kept with offsets */
    public boolean historyEnabled() {
        return publishOptions.keepsHistory();
    }
}
