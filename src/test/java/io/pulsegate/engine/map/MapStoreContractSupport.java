package io.pulsegate.engine.map;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.pulsegate.engine.Broker;
import io.pulsegate.engine.HistoryResult;
import io.pulsegate.engine.MutableClock;
import io.pulsegate.engine.RecordingHandler;
import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.StreamPosition;
import io.smallrye.mutiny.Uni;

/**
 * Fixture, engine hooks and helpers of the map store contract ({@link MapStoreContractTest}). Every test uses fresh
 * random channel names, so engines backed by a shared server need no cleanup between tests.
 */
public abstract class MapStoreContractSupport {

    protected static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Stream of 100 changes for a minute, meta 10 minutes, keys never expire. */
    protected static final MapOptions STREAM = new MapOptions(100, Duration.ofMinutes(1), Duration.ofMinutes(10),
            Duration.ZERO, 0, 0);

    /** The clock of key TTLs; {@link #advanceTime} moves it together with the engine's own expiry. */
    protected final MutableClock clock = new MutableClock();
    protected MapStore store;
    /** The broker whose subscriptions carry the store's live changes. */
    protected Broker broker;
    protected RecordingHandler handler;

    /** Creates {@link #store} and {@link #broker} (not yet given a handler), both on {@link #clock}. */
    protected abstract void open();

    /** Releases what {@link #open()} created. */
    protected abstract void close();

    /** Moves time forward for key TTLs ({@link #clock}) and for the engine's stream and meta TTLs. */
    protected abstract void advanceTime(Duration duration);

    @BeforeEach
    void openFixture() {
        open();
        handler = new RecordingHandler();
        broker.setEventHandler(handler);
    }

    @AfterEach
    void closeFixture() {
        close();
    }

    // ---- helpers ----

    protected static String channel(String name) {
        return "map:" + name + "-" + UUID.randomUUID();
    }

    protected static <T> T await(Uni<T> uni) {
        return uni.await().atMost(TIMEOUT);
    }

    protected StreamPosition set(String channel, String key, String value, MapOptions options) {
        MapWriteResult result = await(store.publish(channel, key, MapValue.of(value.getBytes(UTF_8)), KeyMode.ALWAYS,
                options));
        if (!result.applied()) {
            throw new AssertionError("suppressed: " + result);
        }
        return result.position();
    }

    protected StreamPosition set(String channel, String key, String value) {
        return set(channel, key, value, STREAM);
    }

    protected StreamPosition remove(String channel, String key) {
        return await(store.remove(channel, key, STREAM)).position();
    }

    protected MapStatePage page(String channel, MapStateQuery query, MapOptions options) {
        return await(store.readState(channel, query, options));
    }

    protected HistoryResult stream(String channel, StreamPosition since, int limit, MapOptions options) {
        return await(store.readStream(channel, since, limit, options));
    }

    /** @return the whole current state as key → value text, in key order */
    protected Map<String, String> state(String channel, MapOptions options) {
        return values(page(channel, MapStateQuery.first(-1), options).entries());
    }

    protected static Map<String, String> values(List<Publication> entries) {
        Map<String, String> out = new LinkedHashMap<>();
        entries.forEach(p -> out.put(p.key(), text(p)));
        return out;
    }

    /** Applies changes in order: last write wins, removals delete. */
    protected static void apply(Map<String, String> state, List<Publication> changes) {
        for (Publication p : changes) {
            if (p.removed()) {
                state.remove(p.key());
            } else {
                state.put(p.key(), text(p));
            }
        }
    }

    protected static Map<String, String> sorted(Map<String, String> state) {
        return new TreeMap<>(state);
    }

    protected static String text(Publication p) {
        return p.data() == null ? null : new String(p.data(), UTF_8);
    }
}
