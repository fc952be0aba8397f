package io.pulsegate.client;

import java.time.Clock;

import io.pulsegate.auth.ChannelPolicy;
import io.pulsegate.auth.TokenVerifier;
import io.pulsegate.config.ClientConfig;
import io.pulsegate.engine.Broker;
import io.pulsegate.engine.PresenceManager;
import io.pulsegate.engine.map.MapStore;
import io.pulsegate.hub.Hub;
import io.pulsegate.metrics.GatewayMetrics;
import io.pulsegate.proxy.Proxies;

/** Node-wide collaborators shared by every {@link ClientSession}; all thread-safe. */
public record SessionContext(String nodeId, ClientConfig config, ChannelPolicy policy, TokenVerifier tokens,
        Broker broker, PresenceManager presence, Hub hub, SessionRegistry registry, GatewayMetrics metrics,
        Scheduler scheduler, Clock clock, Proxies proxies, MapStore maps) {

    /** @return current time in epoch seconds */
    public long nowSeconds() {
        return clock.millis() / 1000;
    }
}
