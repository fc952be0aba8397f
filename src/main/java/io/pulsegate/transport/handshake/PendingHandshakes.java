package io.pulsegate.transport.handshake;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the connections whose request headers are still incomplete, in all and per source address. Accepts happen on
 * every event loop, so it is thread-safe; an address leaves the map when its last pending connection leaves.
 */
final class PendingHandshakes {

    private final int maxPerAddress;
    private final ConcurrentMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    /** @param maxPerAddress the cap per source address; {@code 0} or less means no cap */
    PendingHandshakes(int maxPerAddress) {
        this.maxPerAddress = maxPerAddress;
    }

    /** Counts one more pending connection from {@code address}, unless that address is at its cap. */
    boolean tryAcquire(InetAddress address) {
        if (maxPerAddress > 0 && address != null) {
            boolean[] admitted = {false};
            perAddress.compute(address, (a, count) -> {
                int current = count == null ? 0 : count;
                if (current >= maxPerAddress) {
                    return count;
                }
                admitted[0] = true;
                return current + 1;
            });
            if (!admitted[0]) {
                return false;
            }
        }
        total.incrementAndGet();
        return true;
    }

    /** Forgets one pending connection from {@code address} that {@link #tryAcquire} admitted. */
    void release(InetAddress address) {
        if (maxPerAddress > 0 && address != null) {
            perAddress.computeIfPresent(address, (a, count) -> count > 1 ? count - 1 : null);
        }
        total.decrementAndGet();
    }

    /** Whether there is a cap per address. */
    boolean capped() {
        return maxPerAddress > 0;
    }

    /** Pending connections from every address. */
    int total() {
        return total.get();
    }

    /** Pending connections from {@code address}. */
    int of(InetAddress address) {
        return perAddress.getOrDefault(address, 0);
    }
}
