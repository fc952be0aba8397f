package io.pulsegate.engine.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShardsTest {

    @Test
    void channelsSpreadEvenlyAndAddingAShardMovesAboutOneInN() {
        int[] counts = new int[4];
        int moved = 0;
        int total = 20_000;
        for (int i = 0; i < total; i++) {
            String channel = "chat:" + i;
            int four = Shards.of(channel, 4);
            counts[four]++;
            if (Shards.of(channel, 5) != four) {
                moved++;
            }
            assertEquals(four, Shards.of(channel, 4), "stable");
        }
        for (int c : counts) {
            assertTrue(Math.abs(c - total / 4) < total / 20, "even spread: " + java.util.Arrays.toString(counts));
        }
        assertTrue(Math.abs(moved - total / 5) < total / 25, "about 1/5 moved when going 4 -> 5: " + moved);
    }
}
