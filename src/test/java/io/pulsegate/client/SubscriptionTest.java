package io.pulsegate.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SubscriptionTest {

    private final List<String> delivered = new ArrayList<>();

    private Subscription positioned() {
        return new Subscription("chat:1", null, true, true, false, null, false, 0);
    }

    private void offer(Subscription sub, long offset) {
        sub.onPublication(("p" + offset).getBytes(), offset, "E", 0, (f, n) -> delivered.add(new String(f)));
    }

    @Test
    void publicationsDuringSubscribeAreHeldThenMergedWithoutDuplicates() {
        Subscription sub = positioned();
        offer(sub, 4);
        offer(sub, 5);
        assertTrue(delivered.isEmpty(), "nothing before the reply");
        assertTrue(sub.activate(4, "E", (f, n) -> delivered.add(new String(f))));
        offer(sub, 6);
        assertEquals(List.of("p5", "p6"), delivered);
    }

    @Test
    void gapInBufferOrLiveStreamIsDetected() {
        Subscription sub = positioned();
        offer(sub, 7);
        assertFalse(sub.activate(4, "E", (f, n) -> delivered.add(new String(f))));

        Subscription live = positioned();
        live.activate(1, "E", (f, n) -> {
        });
        assertEquals(Subscription.Verdict.GAP, live.onPublication(new byte[0], 3, "E", 0, (f, n) -> {
        }));
        assertEquals(Subscription.Verdict.GAP, live.onPublication(new byte[0], 2, "OTHER", 0, (f, n) -> {
        }));
    }
}
