package io.pulsegate.map;

import java.util.Map;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.pulsegate.auth.ChannelOptions;
import io.pulsegate.auth.ChannelPolicy;
import io.pulsegate.engine.map.MapStore;

/**
 * Expires due keys of the map channels this node serves, so that subscribers see TTL removals without waiting for the
 * next write (the engine expires a map's due keys on every access, and nothing else touches an idle map). Run
 * periodically on one thread; each map channel with expiring keys and local subscribers costs one engine call per run.
 */
public final class MapExpiry implements Runnable {

    /** How often due keys are looked for: a removal reaches subscribers at most this late. */
    public static final long INTERVAL_MS = 1000;

    private static final Logger LOG = Logger.getLogger(MapExpiry.class);

    private final MapStore store;
    private final ChannelPolicy policy;
    private final Supplier<Map<String, Integer>> channels;

    /** @param channels the channels with local subscribers (the hub's) */
    public MapExpiry(MapStore store, ChannelPolicy policy, Supplier<Map<String, Integer>> channels) {
        this.store = store;
        this.policy = policy;
        this.channels = channels;
    }

    @Override
    public void run() {
        for (String channel : channels.get().keySet()) {
            ChannelPolicy.Resolution resolution = policy.resolve(channel);
            ChannelOptions options = resolution.options();
            if (options == null || !options.isMap() || !options.map().options().keysExpire()) {
                continue;
            }
            store.expire(channel, options.map().options()).subscribe().with(n -> {
            }, failure -> LOG.debugf("map expiry failed channel=%s: %s", channel, failure.toString()));
        }
    }
}
