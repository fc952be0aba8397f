package io.pulsegate.node;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.pulsegate.Version;
import io.pulsegate.client.ClientSession;
import io.pulsegate.engine.Broker;
import io.pulsegate.protocol.DisconnectCode;
import io.smallrye.mutiny.Uni;

/**
 * Server API operations on users connected to any node, and the cluster's node list. An operation is published to
 * every node through the engine's control channel; each node applies it to its own sessions. Every node announces
 * itself periodically; a node not heard of for three periods disappears from the list. Thread-safe.
 */
public final class ControlPlane {

    private static final Logger LOG = Logger.getLogger(ControlPlane.class);
    static final long ANNOUNCE_INTERVAL_MS = 5_000;

    private record Seen(ControlMessage.NodeInfo info, long atMillis) {}

    private final Node node;
    private final Broker broker;
    private final Map<String, Seen> nodes = new ConcurrentHashMap<>();
    private final Map<String, java.util.function.Consumer<byte[]>> relays = new ConcurrentHashMap<>();

    ControlPlane(Node node, Broker broker) {
        this.node = node;
        this.broker = broker;
    }

    public Uni<Void> disconnect(String user, String client, int code, String reason, List<String> whitelist) {
        return broker.publishControl(ControlMessage.encode(new ControlMessage.Disconnect(nz(user), nz(client), code,
                reason, whitelist)));
    }

    public Uni<Void> unsubscribe(String user, String client, String channel) {
        return broker.publishControl(ControlMessage.encode(new ControlMessage.Unsubscribe(nz(user), nz(client),
                channel)));
    }

    public Uni<Void> subscribe(String user, String client, String channel) {
        return broker.publishControl(ControlMessage.encode(new ControlMessage.Subscribe(nz(user), nz(client),
                channel)));
    }

    public Uni<Void> refresh(String user, String client, boolean expired, long expireAt) {
        return broker.publishControl(ControlMessage.encode(new ControlMessage.Refresh(nz(user), nz(client), expired,
                expireAt)));
    }

    /**
     * Routes commands of an emulation session to the node that owns it: delivered directly when that is this node,
     * else published on the control channel (every node receives it; only the owner acts).
     *
     * @return {@code false} when the node is unknown (not heard of recently) or, locally, the session is gone
     */
    public Uni<Boolean> forwardEmulation(String nodeId, String session, byte[] data) {
        if (nodeId.equals(node.id())) {
            return Uni.createFrom().item(node.deliverEmulation(session, data));
        }
        if (!nodes.containsKey(nodeId)) {
            return Uni.createFrom().item(false);
        }
        return broker.publishControl(ControlMessage.encode(new ControlMessage.Emulation(nodeId, session, data)))
                .replaceWith(true);
    }

    /**
     * Sends {@code payload} to the {@code topic} handler of node {@code nodeId} (directly when that is this node). It
     * is published even for a node not heard of yet: a node that just started learns the others only from their
     * next announcement.
     *
     * @return whether the node was known (heard of recently)
     */
    public Uni<Boolean> relay(String nodeId, String topic, byte[] payload) {
        if (nodeId.equals(node.id())) {
            deliverRelay(topic, payload);
            return Uni.createFrom().item(true);
        }
        boolean known = nodes.containsKey(nodeId);
        return broker.publishControl(ControlMessage.encode(new ControlMessage.Relay(nodeId, topic, payload)))
                .replaceWith(known);
    }

    /** Registers the handler of relayed payloads for {@code topic} (engine delivery thread; must not block). */
    public void onRelay(String topic, java.util.function.Consumer<byte[]> handler) {
        relays.put(topic, handler);
    }

    private void deliverRelay(String topic, byte[] payload) {
        java.util.function.Consumer<byte[]> handler = relays.get(topic);
        if (handler != null) {
            handler.accept(payload);
        }
    }

    /** @return the nodes heard of recently, this one first */
    public List<ControlMessage.NodeInfo> nodes() {
        long cutoff = System.currentTimeMillis() - 3 * ANNOUNCE_INTERVAL_MS;
        nodes.values().removeIf(s -> s.atMillis < cutoff);
        ControlMessage.NodeInfo self = selfInfo();
        List<ControlMessage.NodeInfo> all = new java.util.ArrayList<>();
        all.add(self);
        nodes.values().stream().map(Seen::info).filter(i -> !i.id().equals(self.id())).forEach(all::add);
        return all;
    }

    /** Publishes this node's info (timer). */
    void announce() {
        broker.publishControl(ControlMessage.encode(selfInfo())).subscribe().with(ok -> {
        }, failure -> LOG.debugf("node announce failed: %s", failure.toString()));
    }

    /** A control message arrived (engine delivery thread; must not block). */
    void onControl(byte[] encoded) {
        ControlMessage message;
        try {
            message = ControlMessage.decode(encoded);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warnf("undecodable control message: %s", e.toString());
            return;
        }
        if (message instanceof ControlMessage.NodeInfo info) {
            nodes.put(info.id(), new Seen(info, System.currentTimeMillis()));
        } else if (message instanceof ControlMessage.Emulation m) {
            if (m.node().equals(node.id()) && !node.deliverEmulation(m.session(), m.data())) {
                LOG.debugf("emulation request for an unknown session");
            }
        } else if (message instanceof ControlMessage.Relay m) {
            if (m.node().equals(node.id())) {
                deliverRelay(m.topic(), m.payload());
            }
        } else if (message instanceof ControlMessage.Disconnect m) {
            targets(m.user(), m.client()).stream().filter(s -> !m.whitelist().contains(s.id()))
                    .forEach(s -> s.disconnect(m.code(), m.reason()));
        } else if (message instanceof ControlMessage.Unsubscribe m) {
            targets(m.user(), m.client()).forEach(s -> s.unsubscribeByServer(m.channel()));
        } else if (message instanceof ControlMessage.Subscribe m) {
            targets(m.user(), m.client()).forEach(s -> s.subscribeByServer(m.channel()));
        } else if (message instanceof ControlMessage.Refresh m) {
            targets(m.user(), m.client()).forEach(s -> {
                if (m.expired()) {
                    s.disconnect(DisconnectCode.EXPIRED);
                } else {
                    s.refreshByServer(m.expireAt());
                }
            });
        }
    }

    private Collection<ClientSession> targets(String user, String client) {
        return node.sessions(user, client);
    }

    private ControlMessage.NodeInfo selfInfo() {
        return new ControlMessage.NodeInfo(node.id(), node.name(), Version.VALUE, node.connectionCount(),
                node.userCount(), node.hub().channelCount(), node.hub().subscriptionCount(), node.uptimeSeconds());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
