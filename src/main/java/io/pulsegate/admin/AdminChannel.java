package io.pulsegate.admin;

import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pulsegate.engine.PublishOptions;
import io.pulsegate.hub.Delivery;
import io.pulsegate.hub.Subscriber;
import io.pulsegate.node.Node;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolCodec;
import io.pulsegate.protocol.Publication;

/**
 * The admin channel: every node with the admin UI on publishes its snapshot and its sign-outs here through the
 * engine, and receives everyone's through the hub like any subscriber (so a fleet shares them over Redis). Clients
 * cannot subscribe: its namespace is not configured. Hub callbacks run on engine delivery threads; nothing blocks.
 */
final class AdminChannel implements Subscriber {

    /** Reserved channel name; leave the {@code __pulsegate_admin} namespace unconfigured. */
    static final String NAME = "__pulsegate_admin:events";

    private static final Logger LOG = Logger.getLogger(AdminChannel.class);

    private final Node node;
    private final ProtocolCodec codec;
    private final ObjectMapper mapper;
    private final Consumer<JsonNode> listener;
    private volatile boolean subscribed;

    AdminChannel(Node node, ProtocolCodec jsonCodec, ObjectMapper mapper, Consumer<JsonNode> listener) {
        this.node = node;
        this.codec = jsonCodec;
        this.mapper = mapper;
        this.listener = listener;
    }

    /** Subscribes once the node has started; harmless to call again. */
    void ensureSubscribed() {
        if (subscribed || !node.started()) {
            return;
        }
        subscribed = true;
        node.hub().subscribe(NAME, this, false).subscribe().with(ok -> {
        }, failure -> {
            subscribed = false;
            LOG.debugf("admin channel subscribe failed: %s", failure.toString());
        });
    }

    /** @return whether this node's hub holds the admin channel subscription (counted among its subscriptions) */
    boolean subscribed() {
        return subscribed;
    }

    /** Publishes one JSON event to every node's admin channel (fire and forget). */
    void publish(byte[] json) {
        node.broker().publish(NAME, new Publication(json, null, 0, Map.of()), PublishOptions.NO_HISTORY)
                .subscribe().with(ok -> {
                }, failure -> LOG.debugf("admin event publish failed: %s", failure.toString()));
    }

    @Override
    public ProtocolCodec codec() {
        return codec;
    }

    @Override
    public void onPublication(Delivery delivery) {
        try {
            JsonNode data = mapper.readTree(delivery.frame()).path("push").path("pub").path("data");
            if (data.isObject()) {
                listener.accept(data);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("unreadable admin event: %s", e.toString());
        }
    }

    @Override
    public void onJoinLeave(String channel, byte[] frame) {
    }

    @Override
    public void onGap(String channel) {
    }

    @Override
    public void disconnect(DisconnectCode code) {
        LOG.debugf("admin channel dropped by the hub code=%d", code.code());
    }
}
