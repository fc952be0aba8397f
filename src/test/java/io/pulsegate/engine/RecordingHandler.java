package io.pulsegate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.pulsegate.protocol.ClientInfo;
import io.pulsegate.protocol.Publication;

/**
 * Records deliveries in arrival order. Engines may deliver on any thread, so tests wait on the queue with a timeout
 * instead of sleeping.
 */
public final class RecordingHandler implements BrokerEventHandler {

    /** One delivery: exactly one of {@code publication} and {@code info} is set. */
    public record Event(Kind kind, String channel, Publication publication, String epoch, ClientInfo info,
            boolean delta) {}

    public enum Kind {
        PUBLICATION, JOIN, LEAVE
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    @Override
    public void onPublication(String channel, Publication publication, String epoch, boolean delta) {
        events.add(new Event(Kind.PUBLICATION, channel, publication, epoch, null, delta));
    }

    @Override
    public void onJoin(String channel, ClientInfo info) {
        events.add(new Event(Kind.JOIN, channel, null, null, info, false));
    }

    @Override
    public void onLeave(String channel, ClientInfo info) {
        events.add(new Event(Kind.LEAVE, channel, null, null, info, false));
    }

    /** @return the next event, failing the test if none arrives within {@code timeout} */
    public Event next(Duration timeout) throws InterruptedException {
        Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(event, "no delivery within " + timeout);
        return event;
    }

    /** @return the next event, asserting its kind and channel */
    public Event next(Kind kind, String channel, Duration timeout) throws InterruptedException {
        Event event = next(timeout);
        assertEquals(kind, event.kind(), "unexpected event " + event);
        assertEquals(channel, event.channel(), "unexpected event " + event);
        return event;
    }

    /** @return whether nothing was delivered so far */
    public boolean isEmpty() {
        return events.isEmpty();
    }
}
