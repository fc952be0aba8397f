package io.pulsegate.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.pulsegate.hub.Delivery;

class SubscriptionTest {

    private final List<String> delivered = new ArrayList<>();

    private Subscription positioned() {
        return new Subscription("chat:1", null, true, true, false, null, false, 0, false);
    }

    private void offer(Subscription sub, long offset) {
        sub.onPublication(delivery(offset, "E"), this::deliver);
    }

    private static Delivery delivery(long offset, String epoch) {
        return new Delivery("chat:1", offset, epoch, 0, ("p" + offset).getBytes(), null);
    }

    private void deliver(Subscription sub, Delivery d) {
        delivered.add(new String(d.frame()));
    }

    @Test
    void publicationsDuringSubscribeAreHeldThenMergedWithoutDuplicates() {
        Subscription sub = positioned();
        offer(sub, 4);
        offer(sub, 5);
        assertTrue(delivered.isEmpty(), "nothing before the reply");
        assertTrue(sub.activate(4, "E", this::deliver));
        offer(sub, 6);
        assertEquals(List.of("p5", "p6"), delivered);
    }

    @Test
    void gapInBufferOrLiveStreamIsDetected() {
        Subscription sub = positioned();
        offer(sub, 7);
        assertFalse(sub.activate(4, "E", this::deliver));

        Subscription live = positioned();
        live.activate(1, "E", (f, n) -> {
        });
        assertEquals(Subscription.Verdict.GAP, live.onPublication(delivery(3, "E"), (f, n) -> {
        }));
        assertEquals(Subscription.Verdict.GAP, live.onPublication(delivery(2, "OTHER"), (f, n) -> {
        }));
    }
}
