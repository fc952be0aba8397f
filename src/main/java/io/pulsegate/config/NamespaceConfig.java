package io.pulsegate.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/**
 * Options of one channel namespace. Every permission defaults to off: nothing is allowed to a client unless an option
 * here or a token allows it.
 */
public interface NamespaceConfig {

    /** Publications kept per channel; history is on only when this and {@link #historyTtl()} are both positive. */
    @WithDefault("0")
    int historySize();

    /** How long a channel's history lives after its last publication. */
    @WithDefault("0s")
    Duration historyTtl();

    /** How long the stream position (offset, epoch) outlives the history. */
    @WithDefault("720h")
    Duration historyMetaTtl();

    /** Make every subscription recoverable (requires history). */
    @WithDefault("false")
    boolean forceRecovery();

    /** Let clients ask for recoverable subscriptions (requires history). */
    @WithDefault("false")
    boolean allowRecovery();

    /** Make every subscription positioned (gap detection), implied by recovery. */
    @WithDefault("false")
    boolean forcePositioning();

    /** Let clients ask for positioning. */
    @WithDefault("false")
    boolean allowPositioning();

    /** Keep presence information for channels of this namespace. */
    @WithDefault("false")
    boolean presence();

    /** Let clients ask for join/leave pushes (requires presence). */
    @WithDefault("false")
    boolean joinLeave();

    /** Send join/leave pushes to every subscriber without asking. */
    @WithDefault("false")
    boolean forcePushJoinLeave();

    /** Let authenticated clients subscribe without a subscription token. */
    @WithDefault("false")
    boolean allowSubscribeForClient();

    /** Let anonymous clients subscribe without a token (with {@link #allowSubscribeForClient()}). */
    @WithDefault("false")
    boolean allowSubscribeForAnonymous();

    /** Let authenticated clients publish. */
    @WithDefault("false")
    boolean allowPublishForClient();

    /** Let clients publish into channels they are subscribed to. */
    @WithDefault("false")
    boolean allowPublishForSubscriber();

    /** Let anonymous clients publish (with one of the publish permissions above). */
    @WithDefault("false")
    boolean allowPublishForAnonymous();

    /** Let authenticated clients read presence. */
    @WithDefault("false")
    boolean allowPresenceForClient();

    /** Let subscribers read presence of their channels. */
    @WithDefault("false")
    boolean allowPresenceForSubscriber();

    /** Let anonymous clients read presence (with one of the presence permissions above). */
    @WithDefault("false")
    boolean allowPresenceForAnonymous();

    /** Let authenticated clients read history. */
    @WithDefault("false")
    boolean allowHistoryForClient();

    /** Let subscribers read history of their channels. */
    @WithDefault("false")
    boolean allowHistoryForSubscriber();

    /** Let anonymous clients read history (with one of the history permissions above). */
    @WithDefault("false")
    boolean allowHistoryForAnonymous();

    /** Allow user-limited channels {@code name#user1,user2}: only the listed users may subscribe, without a token. */
    @WithDefault("false")
    boolean allowUserLimitedChannels();

    /** Optional regular expression the part after {@code ns:} must match. */
    Optional<String> channelRegex();

    /**
     * Proxy ({@code pulsegate.proxies.<name>}) deciding subscribes without a subscription token, instead of the
     * {@code allow-subscribe-*} options; its answer may add channel info, subscribe data, an expiry and overrides.
     * Not consulted for user-limited channels.
     */
    Optional<String> subscribeProxy();

    /** Proxy deciding client publications, instead of the {@code allow-publish-*} options; it may rewrite them. */
    Optional<String> publishProxy();

    /**
     * Proxy asked when a subscription expires whether to extend it; subscribers then get {@code expires:false} and
     * need no subscription token refresh. Without a reachable backend the subscription lives on and is asked again.
     */
    Optional<String> subRefreshProxy();

    /**
     * Delta encodings subscribers may ask for ({@code fossil}); empty: none. A subscriber that negotiated a delta gets
     * publications marked for delta as fossil deltas against the previous publication it received.
     */
    Optional<List<String>> allowedDeltaTypes();

    /** Mark every publication into this namespace for delta delivery (the server API {@code delta} flag per call). */
    @WithDefault("false")
    boolean deltaPublish();

    /**
     * How a recovering subscriber catches up: {@code stream} replays the exact gap; {@code cache} delivers only the
     * latest publication (the current state), on every subscribe. Requires history.
     */
    @WithDefault("stream")
    RecoveryMode recoveryMode();

    /** Announced to subscribers (SDK {@code publish_debounce}): the SDK coalesces its own rapid publications. */
    @WithDefault("0s")
    Duration clientPublishDebounceInterval();

    /**
     * Batching window for non-critical channels: a publication waits up to this long so that messages of several
     * channels leave in one frame and one write per connection; 0 sends at once.
     */
    @WithDefault("0s")
    Duration batchMaxDelay();

    /** With a batching window: send the batch as soon as this many messages wait; 0 for no limit. */
    @WithDefault("0")
    int batchMaxSize();

    /**
     * With a batching window: deliver only the newest publication of a channel within the window (debounce). The
     * skipped offsets are not a gap: the subscriber's position moves to the delivered publication.
     */
    @WithDefault("false")
    boolean batchFlushLatest();

    /**
     * What a subscription to this namespace's channels is: {@code stream} (publications) or {@code map} (a keyed state
     * that subscribers page through, then follow change by change; see {@code map.*} and docs/maps.md).
     */
    @WithDefault("stream")
    SubscriptionType subscriptionType();

    /** Map channel options, used with {@code subscription-type=map}. */
    MapConfig map();

    /** Subscription types. */
    enum SubscriptionType {
        /** A stream of publications. */
        STREAM,
        /** A keyed state (Centrifugo map subscriptions). */
        MAP
    }

    /** Recovery modes. */
    enum RecoveryMode {
        /** Replay the missed publications. */
        STREAM,
        /** Deliver only the latest publication. */
        CACHE
    }
}
