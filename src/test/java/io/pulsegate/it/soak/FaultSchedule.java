package io.pulsegate.it.soak;

import java.time.Duration;
import java.util.List;

/**
 * The soak's faults, one every {@link #SLOT} in turn, from the first again while the load phase lasts: each fault is
 * followed by the quiet rest of its slot, in which the fleet recovers under load.
 */
final class FaultSchedule {

    /** One kind of fault; {@code round} counts the passes over the list, so node faults move from node to node. */
    private interface Fault {
        void inject(SoakCluster cluster, int round) throws Exception;
    }

    private static final List<Fault> FAULTS = List.of(
            (cluster, round) -> cluster.killAndRestart((round + 1) % cluster.size(), Duration.ofSeconds(2)),
            (cluster, round) -> cluster.pauseRedis(Duration.ofSeconds(3)),
            (cluster, round) -> cluster.killPubSubConnections(),
            (cluster, round) -> cluster.cutRedisLink((round + 2) % cluster.size(), Duration.ofSeconds(4)),
            (cluster, round) -> cluster.restartRedisEmpty());

    /** One fault and the fleet's recovery from it, under load. */
    private static final Duration SLOT = Duration.ofSeconds(12);

    private final SoakCluster cluster;

    FaultSchedule(SoakCluster cluster) {
        this.cluster = cluster;
    }

    /** Injects faults for {@code load}, one per slot, cycling; at least one of each however short the load. */
    void run(Duration load) throws Exception {
        long end = System.nanoTime() + load.toNanos();
        for (int i = 0; i < FAULTS.size() || System.nanoTime() < end; i++) {
            long next = System.nanoTime() + SLOT.toNanos();
            FAULTS.get(i % FAULTS.size()).inject(cluster, i / FAULTS.size());
            long left = next - System.nanoTime();
            if (left > 0) {
                Thread.sleep(left / 1_000_000); // the quiet part of the slot: load runs, nothing is injected
            }
        }
    }
}
