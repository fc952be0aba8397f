package io.pulsegate.auth;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.pulsegate.auth.ChannelOptions.Permissions;
import io.pulsegate.config.ChannelConfig;
import io.pulsegate.config.NamespaceConfig;
import io.pulsegate.protocol.ErrorCode;

/**
 * Decides what a connection may do on a channel. Channel names are {@code namespace:rest}; {@code #} starts the
 * user-limited part ({@code dialog#42,43}); a {@code $} prefix marks a private channel that always needs a token. All
 * decisions default to "no": a permission comes from a namespace option, a subscription token, or insecure mode.
 *
 * <p>
 * Immutable and thread-safe; methods are cheap and may run on the event loop.
 */
public final class ChannelPolicy {

    private static final char NAMESPACE_BOUNDARY = ':';
    private static final char USER_BOUNDARY = '#';
    private static final String USER_SEPARATOR = ",";
    private static final String PRIVATE_PREFIX = "$";

    private final int maxLength;
    private final Pattern allowed;
    private final ChannelOptions withoutNamespace;
    private final Map<String, ChannelOptions> namespaces = new HashMap<>();
    private final boolean insecure;

    public ChannelPolicy(ChannelConfig channel, Map<String, NamespaceConfig> namespaceConfigs, boolean insecure) {
        this.maxLength = channel.maxLength();
        this.allowed = Pattern.compile(channel.allowedPattern());
        this.withoutNamespace = ChannelOptions.of("", channel.withoutNamespace());
        namespaceConfigs.forEach((name, config) -> namespaces.put(name, ChannelOptions.of(name, config)));
        this.insecure = insecure;
    }

    /** Outcome of resolving a channel name: its options, or the error that rejects it. */
    public record Resolution(ChannelOptions options, ErrorCode error) {}

    /** Validates a channel name and finds its namespace options. */
    public Resolution resolve(String channel) {
        if (channel == null || channel.isEmpty() || channel.getBytes(StandardCharsets.UTF_8).length > maxLength
                || !allowed.matcher(channel).matches()) {
            return new Resolution(null, ErrorCode.BAD_REQUEST);
        }
        int boundary = channel.indexOf(NAMESPACE_BOUNDARY);
        ChannelOptions options = boundary < 0 ? withoutNamespace : namespaces.get(channel.substring(0, boundary));
        if (options == null) {
            return new Resolution(null, ErrorCode.UNKNOWN_CHANNEL);
        }
        if (options.channelRegex() != null && !options.channelRegex().matcher(channel.substring(boundary + 1))
                .matches()) {
            return new Resolution(null, ErrorCode.BAD_REQUEST);
        }
        return new Resolution(options, null);
    }

    /**
     * Subscribe check for a client without a subscription token (a valid token is checked by the caller and allows
     * the subscription on its own).
     *
     * @return {@code null} when allowed, else the error to reply
     */
    public ErrorCode checkSubscribeWithoutToken(String user, String channel, ChannelOptions options) {
        if (channel.startsWith(PRIVATE_PREFIX)) {
            return ErrorCode.PERMISSION_DENIED;
        }
        int userBoundary = channel.lastIndexOf(USER_BOUNDARY);
        if (userBoundary >= 0 && options.allowUserLimitedChannels()) {
            return isListedUser(user, channel.substring(userBoundary + 1)) ? null : ErrorCode.PERMISSION_DENIED;
        }
        return allowed(options.subscribe(), user, false) ? null : ErrorCode.PERMISSION_DENIED;
    }

    /**
     * Whether a subscribe without a token is decided by the namespace's subscribe proxy: private {@code $} channels
     * still need a token and user-limited {@code #} channels are checked here, as in Centrifugo.
     */
    public boolean subscribeByProxy(String channel, ChannelOptions options) {
        return options.proxies().subscribe() != null && !channel.startsWith(PRIVATE_PREFIX)
                && !(options.allowUserLimitedChannels() && channel.lastIndexOf(USER_BOUNDARY) >= 0);
    }

    /** @return {@code null} when the client may publish, else the error to reply */
    public ErrorCode checkPublish(String user, ChannelOptions options, boolean subscribed) {
        return allowed(options.publish(), user, subscribed) ? null : ErrorCode.PERMISSION_DENIED;
    }

    /** @return {@code null} when the client may read presence, else the error to reply */
    public ErrorCode checkPresence(String user, ChannelOptions options, boolean subscribed) {
        if (!options.presence()) {
            return ErrorCode.NOT_AVAILABLE;
        }
        return allowed(options.presenceRead(), user, subscribed) ? null : ErrorCode.PERMISSION_DENIED;
    }

    /** @return {@code null} when the client may read history, else the error to reply */
    public ErrorCode checkHistory(String user, ChannelOptions options, boolean subscribed) {
        if (!options.historyEnabled()) {
            return ErrorCode.NOT_AVAILABLE;
        }
        return allowed(options.historyRead(), user, subscribed) ? null : ErrorCode.PERMISSION_DENIED;
    }

    /** @return the personal channel name of {@code user} in {@code namespace} (or without namespace when empty) */
    public static String personalChannel(String namespace, String user) {
        String base = USER_BOUNDARY + user;
        return namespace == null || namespace.isEmpty() ? base : namespace + NAMESPACE_BOUNDARY + base;
    }

    private boolean allowed(Permissions permissions, String user, boolean subscribed) {
        if (insecure) {
            return true;
        }
        boolean granted = permissions.client() || (subscribed && permissions.subscriber());
        return granted && (!user.isEmpty() || permissions.anonymous());
    }

    private static boolean isListedUser(String user, String users) {
        if (user.isEmpty()) {
            return false;
        }
        for (String listed : users.split(USER_SEPARATOR, -1)) {
            if (listed.equals(user)) {
                return true;
            }
        }
        return false;
    }
}
