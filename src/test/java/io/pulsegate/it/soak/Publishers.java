package io.pulsegate.it.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The soak's steady publish load: one backend per node posting {@code /api/publish} to its own node, about
 * {@link #PER_SECOND} publications a second each, to a random channel. Only a 200 reply counts as acknowledged
 * (offset and epoch go to the checker); errors and timeouts during faults are expected and counted, not retried.
 */
final class Publishers implements AutoCloseable {

    static final int PER_SECOND = 10;
    /** Bounds the load loop in count whatever the duration. */
    private static final int MAX_PER_PUBLISHER = 50_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile boolean stopped;

    static Publishers start(SoakCluster cluster, List<String> channels, SoakChecker checker) {
        Publishers publishers = new Publishers();
        for (int node = 0; node < cluster.size(); node++) {
            int target = node;
            Thread thread = new Thread(() -> publishers.run(cluster, target, channels, checker), "publisher-" + node);
            thread.setDaemon(true);
            publishers.threads.add(thread);
            thread.start();
        }
        return publishers;
    }

    int failed() {
        return failed.get();
    }

    private void run(SoakCluster cluster, int node, List<String> channels, SoakChecker checker) {
        for (int n = 0; n < MAX_PER_PUBLISHER && !stopped; n++) {
            String channel = channels.get(ThreadLocalRandom.current().nextInt(channels.size()));
            try {
                JsonNode result = JSON.readTree(cluster.api(node, "publish", "{\"channel\":\"" + channel
                        + "\",\"data\":{\"node\":" + node + ",\"n\":" + n + "}}")).get("result");
                checker.acked(channel, result.get("epoch").asText(), result.get("offset").asLong());
            } catch (Exception e) {
                failed.incrementAndGet();
            }
            try {
                Thread.sleep(1000 / PER_SECOND); // pacing of the load, not synchronisation
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        for (Thread thread : threads) {
            thread.join(10_000);
        }
    }
}
