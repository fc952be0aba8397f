package io.pulsegate.client;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulsegate.auth.ChannelPolicy;
import io.pulsegate.auth.DevTokens;
import io.pulsegate.auth.TokenSettings;
import io.pulsegate.auth.TokenVerifier;
import io.pulsegate.config.PulsegateConfig;
import io.pulsegate.engine.memory.MemoryBroker;
import io.pulsegate.engine.memory.MemoryMapStore;
import io.pulsegate.engine.memory.MemoryPresenceManager;
import io.pulsegate.hub.Hub;
import io.pulsegate.metrics.GatewayMetrics;
import io.pulsegate.proxy.Proxies;
import io.pulsegate.support.TestConfig;

/** One node's worth of real collaborators (memory engine, hub, token verifier) around sessions under test. */
final class SessionHarness {

    static final String SECRET = "session-test-secret-0123456789abcdef";

    final ManualScheduler scheduler = new ManualScheduler();
    final Instant start = Instant.ofEpochSecond(Instant.now().getEpochSecond());
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return start.plusMillis(scheduler.now());
        }
    };
    final MemoryBroker broker = new MemoryBroker(clock);
    final Hub hub = new Hub(broker);
    final MemoryMapStore maps = new MemoryMapStore(broker, clock);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final SessionContext ctx;

    SessionHarness(String... config) {
        PulsegateConfig c = TestConfig.of(config);
        broker.setEventHandler(hub);
        TokenVerifier tokens = new TokenVerifier(TokenSettings.hmac(SECRET), java.net.http.HttpClient
                .newHttpClient(), clock);
        Set<ClientSession> registered = ConcurrentHashMap.newKeySet();
        SessionRegistry registry = new SessionRegistry() {
            @Override
            public boolean register(ClientSession session, String user, int nodeLimit, int userLimit) {
                if (nodeLimit > 0 && registered.size() >= nodeLimit) {
                    return false;
                }
                return registered.add(session);
            }

            @Override
            public void unregister(ClientSession session) {
                registered.remove(session);
            }
        };
        ctx = new SessionContext("node-1", c.client(), new ChannelPolicy(c.channel(), c.namespaces(), c.client()
                .insecure()), tokens, broker, new MemoryPresenceManager(clock), hub, registry,
                new GatewayMetrics(meters), scheduler, clock, Proxies.NONE, maps);
    }

    ClientSession open(FakeTransport transport) {
        ClientSession session = new ClientSession(transport, ctx);
        session.start();
        return session;
    }

    /** Sends one message (a batch) and runs the connection's tasks until quiet. */
    static void send(ClientSession session, FakeTransport transport, String message) {
        session.handleMessage(message.getBytes(StandardCharsets.UTF_8)).await().atMost(Duration.ofSeconds(5));
        transport.runTasks();
    }

    String token(String user, long ttlSeconds) {
        return DevTokens.connectionToken(SECRET, user, Duration.ofSeconds(ttlSeconds));
    }

    /** Runs timers up to {@code millis} later, then the connection tasks they queued. */
    void advance(long millis, FakeTransport transport) {
        scheduler.advance(millis);
        transport.runTasks();
    }
}
