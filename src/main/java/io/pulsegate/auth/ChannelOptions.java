package io.pulsegate.auth;

import java.util.regex.Pattern;

import io.pulsegate.config.NamespaceConfig;
import io.pulsegate.engine.PublishOptions;

/**
 * The options of one namespace, resolved once from configuration so the per-command path reads plain fields.
 *
 * @param namespace namespace name, {@code ""} for channels without a namespace
 * @param proxies the backend proxies deciding this namespace's subscribes, publications and subscription refreshes
 */
public record ChannelOptions(String namespace, PublishOptions publishOptions, boolean forceRecovery,
        boolean allowRecovery, boolean forcePositioning, boolean allowPositioning, boolean presence,
        boolean joinLeave, boolean forcePushJoinLeave, Permissions subscribe, Permissions publish,
        Permissions presenceRead, Permissions historyRead, boolean allowUserLimitedChannels, Pattern channelRegex,
        Proxies proxies) {

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
                        c.subRefreshProxy().orElse(null)));
    }

    /** @return whether publications of this namespace are kept with offsets */
    public boolean historyEnabled() {
        return publishOptions.keepsHistory();
    }
}
