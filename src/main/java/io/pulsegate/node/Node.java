package io.pulsegate.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.pulsegate.auth.ChannelPolicy;
import io.pulsegate.auth.TokenSettings;
import io.pulsegate.auth.TokenVerifier;
import io.pulsegate.client.ClientSession;
import io.pulsegate.client.SessionContext;
import io.pulsegate.client.Transport;
import io.pulsegate.config.PulsegateConfig;
import io.pulsegate.config.RedisConfig;
import io.pulsegate.config.TokenConfig;
import io.pulsegate.engine.Broker;
import io.pulsegate.engine.PresenceManager;
import io.pulsegate.engine.map.MapStore;
import io.pulsegate.engine.memory.MemoryBroker;
import io.pulsegate.engine.memory.MemoryMapStore;
import io.pulsegate.engine.memory.MemoryPresenceManager;
import io.pulsegate.engine.redis.RedisBroker;
import io.pulsegate.engine.redis.RedisMapStore;
import io.pulsegate.engine.redis.RedisPresenceManager;
import io.pulsegate.engine.redis.ShardedBroker;
import io.pulsegate.engine.redis.ShardedMapStore;
import io.pulsegate.engine.redis.ShardedPresenceManager;
import io.pulsegate.hub.Hub;
import io.pulsegate.map.MapExpiry;
import io.pulsegate.metrics.GatewayMetrics;
import io.pulsegate.proxy.Proxies;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * One gateway node: wires the engine, hub and sessions, owns the node lifecycle (running → draining) and answers the
 * node-wide questions of the server API. Thread-safe.
 */
@ApplicationScoped
public class Node {

    private static final Logger LOG = Logger.getLogger(Node.class);

    @Inject
    PulsegateConfig config;
    @Inject
    Vertx vertx;
    @Inject
    GatewayMetrics metrics;
    @Inject
    Proxies proxies;

    private final String id = UUID.randomUUID().toString();
    private final long startedAt = System.currentTimeMillis();
    private final Set<ClientSession> open = ConcurrentHashMap.newKeySet();
    private final SessionIndex index = new SessionIndex();
    private final java.util.Map<String, java.util.function.Consumer<byte[]>> emulation = new ConcurrentHashMap<>();
    private volatile boolean draining;
    private volatile boolean started;
    private String name;
    private Broker broker;
    private PresenceManager presence;
    private MapStore maps;
    private Hub hub;
    private ChannelPolicy policy;
    private SessionContext context;
    private ControlPlane control;
    private List<RedisBroker> redisShards = List.of();
    private java.util.function.BooleanSupplier engineHealthy = () -> true;

    void start(@Observes StartupEvent event) {
        name = config.node().name().orElseGet(Node::hostName);
        if (config.engine() == PulsegateConfig.EngineType.REDIS) {
            startRedis(config.redis());
        } else {
            startMemory();
        }
        hub = new Hub(broker);
        broker.setEventHandler(hub);
        control = new ControlPlane(this, broker);
        hub.onControlMessages(control::onControl);
        vertx.setPeriodic(ControlPlane.ANNOUNCE_INTERVAL_MS, t -> control.announce());
        policy = new ChannelPolicy(config.channel(), config.namespaces(), config.client().insecure());
        context = new SessionContext(id, config.client(), policy, tokenVerifier(config.token()), broker, presence, hub,
                index, metrics, new VertxScheduler(vertx), Clock.systemUTC(), proxies, maps);
        MapExpiry expiry = new MapExpiry(maps, policy, hub::channelSizes);
        vertx.setPeriodic(MapExpiry.INTERVAL_MS, t -> expiry.run());
        long refresh = Math.max(1000, config.client().presenceUpdateInterval().toMillis());
        vertx.setPeriodic(refresh, t -> refreshPresence());
        for (RedisBroker shard : redisShards) {
            shard.start();
            shard.startProbe(config.redis().probeInterval());
        }
        if (config.client().insecure()) {
            LOG.warn(
                    "pulsegate.client.insecure=true: connections need no token and may do anything. Never in production");
        }
        started = true;
        control.announce();
        LOG.infof("node started node=%s name=%s engine=%s", id, name, config.engine());
    }

    private void startMemory() {
        MemoryBroker memoryBroker = new MemoryBroker(Clock.systemUTC());
        MemoryPresenceManager memoryPresence = new MemoryPresenceManager(Clock.systemUTC());
        broker = memoryBroker;
        presence = memoryPresence;
        maps = new MemoryMapStore(memoryBroker, Clock.systemUTC());
        vertx.setPeriodic(60_000, t -> {
            memoryBroker.sweep();
            memoryPresence.sweep();
        });
    }

    private void startRedis(RedisConfig redis) {
        List<RedisOptions> targets = new java.util.ArrayList<>();
        if (redis.clusterNodes().filter(l -> !l.isEmpty()).isPresent()) {
            RedisOptions cluster = new RedisOptions().setType(io.vertx.redis.client.RedisClientType.CLUSTER);
            redis.clusterNodes().get().forEach(cluster::addConnectionString);
            targets.add(cluster);
        } else {
            redis.shards().filter(l -> !l.isEmpty()).orElse(List.of(redis.url()))
                    .forEach(url -> targets.add(new RedisOptions().setConnectionString(url)));
        }
        List<RedisBroker> brokers = new java.util.ArrayList<>();
        List<io.pulsegate.engine.PresenceManager> presences = new java.util.ArrayList<>();
        List<RedisMapStore> mapStores = new java.util.ArrayList<>();
        for (RedisOptions options : targets) {
            options.setMaxPoolSize(redis.maxPoolSize()).setMaxPoolWaiting(4096);
            redis.password().ifPresent(options::setPassword);
            brokers.add(new RedisBroker(vertx, options, redis.prefix(), redis.reconnectMinDelay(),
                    redis.reconnectMaxDelay(), redis.commandTimeout(), redis.shardedPubsub()));
            Redis client = Redis.createClient(vertx, options);
            presences.add(new RedisPresenceManager(client, redis.prefix(), Clock.systemUTC(), redis.commandTimeout()));
            mapStores.add(new RedisMapStore(client, redis.prefix(), Clock.systemUTC(), redis.commandTimeout(),
                    redis.shardedPubsub()));
        }
        redisShards = brokers;
        broker = brokers.size() == 1 ? brokers.get(0) : new ShardedBroker(brokers);
        presence = presences.size() == 1 ? presences.get(0) : new ShardedPresenceManager(presences);
        maps = mapStores.size() == 1 ? mapStores.get(0) : new ShardedMapStore(mapStores);
        long grace = redis.readinessGrace().toNanos();
        engineHealthy = () -> brokers.stream()
                .allMatch(b -> b.connected() || System.nanoTime() - b.downSince() < grace);
    }

    void stop(@Observes ShutdownEvent event) {
        if (broker instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debugf("engine close failed: %s", e.toString());
            }
        }
    }

    /** SIGTERM with {@code quarkus.shutdown.delay}: refuse new connections, close open ones spread over the window. */
    void drain(@Observes ShutdownDelayInitiatedEvent event) {
        draining = true;
        long window = Math.max(1, config.shutdown().drainWindow().toMillis());
        Collection<ClientSession> sessions = List.copyOf(open);
        LOG.infof("draining node=%s connections=%d window=%dms", id, sessions.size(), window);
        for (ClientSession session : sessions) {
            session.drain(ThreadLocalRandom.current().nextLong(window * 9 / 10 + 1));
        }
    }

    /** Creates and starts a session for a new transport connection. */
    public ClientSession openSession(Transport transport) {
        ClientSession session = new ClientSession(transport, context);
        open.add(session);
        session.start();
        if (draining) {
            session.drain(0);
        }
        return session;
    }

    /** The transport of a session closed. */
    public void sessionClosed(ClientSession session) {
        open.remove(session);
        session.onTransportClosed();
    }

    /** Registers the inbox of a bidirectional-emulation session under its secret session id. */
    public void registerEmulation(String session, java.util.function.Consumer<byte[]> inbox) {
        emulation.put(session, inbox);
    }

    /** Forgets an emulation session (its stream ended). */
    public void unregisterEmulation(String session) {
        emulation.remove(session);
    }

    /** @return whether the session lives on this node; its inbox then got {@code data} */
    boolean deliverEmulation(String session, byte[] data) {
        java.util.function.Consumer<byte[]> inbox = emulation.get(session);
        if (inbox == null) {
            return false;
        }
        inbox.accept(data);
        return true;
    }

    private void refreshPresence() {
        for (ClientSession session : open) {
            session.refreshPresence();
        }
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public boolean started() {
        return started;
    }

    public boolean draining() {
        return draining;
    }

    /** @return whether this node should receive new connections */
    public boolean ready() {
        return started && !draining && engineHealthy.getAsBoolean();
    }

    /** @return whether the engine answers (or has been unreachable for less than the grace period) */
    public boolean engineHealthy() {
        return engineHealthy.getAsBoolean();
    }

    public long uptimeSeconds() {
        return (System.currentTimeMillis() - startedAt) / 1000;
    }

    public Broker broker() {
        return broker;
    }

    /** @return the keyed state of map channels, in the node's engine */
    public MapStore maps() {
        return maps;
    }

    public PresenceManager presence() {
        return presence;
    }

    public Hub hub() {
        return hub;
    }

    public ChannelPolicy policy() {
        return policy;
    }

    /** @return the backend proxies and which events use them */
    public Proxies proxies() {
        return proxies;
    }

    /** @return node-to-node operations and the node list */
    public ControlPlane control() {
        return control;
    }

    /** @return connected sessions of a user on this node, or the one session with {@code clientId} when given */
    public Collection<ClientSession> sessions(String user, String clientId) {
        if (clientId != null && !clientId.isEmpty()) {
            ClientSession s = index.byClient(clientId);
            return s == null || (user != null && !user.isEmpty() && !user.equals(s.user())) ? List.of() : List.of(s);
        }
        return index.byUser(user == null ? "" : user);
    }

    public int connectionCount() {
        return index.size();
    }

    public int userCount() {
        return index.users();
    }

    private static TokenVerifier tokenVerifier(TokenConfig c) {
        if (c.hmacSecret().isEmpty() && c.rsaPublicKey().isEmpty() && c.ecdsaPublicKey().isEmpty()
                && c.jwksUrl().isEmpty()) {
            return null;
        }
        return new TokenVerifier(new TokenSettings(c.hmacSecret(), c.rsaPublicKey(), c.ecdsaPublicKey(), c.jwksUrl(),
                c.audience(), c.issuer(), c.clockSkew(), c.jwksCacheTtl(), c.jwksMinRefetchInterval(),
                c.requireExp(), c.allowWeakHmacSecret()));
    }

    private static String hostName() {
        try {
            return Optional.ofNullable(InetAddress.getLocalHost().getHostName()).orElse("pulsegate");
        } catch (UnknownHostException e) {
            return "pulsegate";
        }
    }
}
