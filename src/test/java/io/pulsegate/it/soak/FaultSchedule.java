package io.pulsegate.it.soak;

import java.time.Duration;
import java.util.List;

/**
 * The soak's faults, one after another at even intervals over the load phase and again from the first while time is
 * left: each fault is followed by a quiet slot in which the fleet recovers under load.
 */
final class FaultSchedule {

    private interface Fault {
        void inject(SoakCluster cluster) throws Exception;
    }

    private static final List<Fault> FAULTS = List.of(
            cluster -> cluster.killAndRestart(1, Duration.ofSeconds(2)),
            cluster -> cluster.pauseRedis(Duration.ofSeconds(3)),
            SoakCluster::killPubSubConnections,
            cluster -> cluster.cutRedisLink(2, Duration.ofSeconds(4)),
            SoakCluster::restartRedisEmpty);

    private final SoakCluster cluster;

    FaultSchedule(SoakCluster cluster) {
        this.cluster = cluster;
    }

    /** Injects faults for {@code load}; at least one of each, however short the load phase. */
    void run(Duration load) throws Exception {
        long end = System.nanoTime() + load.toNanos();
        long slot = Math.max(load.toNanos() / (FAULTS.size() + 1), Duration.ofSeconds(5).toNanos());
        for (int i = 0; i < FAULTS.size() || System.nanoTime() + slot < end; i++) {
            long next = System.nanoTime() + slot;
            FAULTS.get(i % FAULTS.size()).inject(cluster);
            long left = next - System.nanoTime();
            if (left > 0) {
                Thread.sleep(left / 1_000_000); // the quiet part of the slot: load runs, nothing is injected
            }
        }
    }
}
