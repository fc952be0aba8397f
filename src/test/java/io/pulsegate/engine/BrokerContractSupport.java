package io.pulsegate.engine;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.pulsegate.engine.RecordingHandler.Event;
import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.StreamPosition;
import io.smallrye.mutiny.Uni;

/**
 * Fixture, engine hooks and helpers of the broker contract. Engines do not extend this directly: they extend
 * {@link BrokerContractTest}, which inherits every contract case.
 *
 * <p>
 * Every test uses fresh random channel names, so engines backed by a shared server need no cleanup between tests.
 */
public abstract class BrokerContractSupport {

    /** Upper bound for any single wait; generous because CI machines are slow, never slept. */
    protected static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** History on: 10 publications, 1 minute, meta 1 hour. */
    protected static final PublishOptions HISTORY = new PublishOptions(10, Duration.ofMinutes(1), Duration.ofHours(1));

    protected Broker broker;
    protected RecordingHandler handler;

    /** @return a new broker, not yet given a handler */
    protected abstract Broker createBroker();

    /** Releases what {@link #createBroker()} opened. */
    protected void closeBroker(Broker broker) {
    }

    /**
     * @return whether a publication completed before {@code subscribe} is never delivered. Classic pub/sub on Redis
     *         Cluster travels over the cluster bus, so a message published on another cluster node just before
     *         SUBSCRIBE may still arrive after it (harmless: sessions drop it by offset).
     */
    protected boolean strictSubscribeBoundary() {
        return true;
    }

    /** @return whether {@link #advanceTime(Duration)} works; TTL cases are skipped otherwise */
    protected boolean supportsTimeControl() {
        return false;
    }

    /** Moves the broker's notion of time forward. */
    protected void advanceTime(Duration duration) {
        throw new UnsupportedOperationException("time control not supported");
    }

    @BeforeEach
    void createFixture() {
        broker = createBroker();
        handler = new RecordingHandler();
        broker.setEventHandler(handler);
    }

    @AfterEach
    void closeFixture() {
        closeBroker(broker);
    }

    // ---- helpers ----

    /** @return a channel name unique to this test run */
    protected static String channel(String name) {
        return "test:" + name + "-" + UUID.randomUUID();
    }

    protected static Publication pub(String text) {
        return new Publication(text.getBytes(UTF_8), null, 0, null);
    }

    protected static String text(Publication publication) {
        return new String(publication.data(), UTF_8);
    }

    protected static String text(Event event) {
        return text(event.publication());
    }

    protected static <T> T await(Uni<T> uni) {
        return uni.await().atMost(TIMEOUT);
    }

    protected StreamPosition publish(String channel, String text) {
        return await(broker.publish(channel, pub(text), HISTORY));
    }

    protected HistoryResult history(String channel, StreamPosition since, int limit, boolean reverse) {
        return await(broker.history(channel, new HistoryQuery(since, limit, reverse)));
    }

    protected static List<Long> offsets(HistoryResult result) {
        return result.publications().stream().map(Publication::offset).toList();
    }

    /** @return the channel's current epoch, read without publications */
    protected String epochOf(String channel) {
        return await(broker.history(channel, HistoryQuery.POSITION_ONLY)).top().epoch();
    }
}
