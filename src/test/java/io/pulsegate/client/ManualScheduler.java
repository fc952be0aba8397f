package io.pulsegate.client;

import java.util.Map;
import java.util.TreeMap;

/** A scheduler driven by the test: time moves only when {@link #advance(long)} is called. */
final class ManualScheduler implements Scheduler {

    private record Entry(long at, Runnable task) {}

    private final Map<Long, Entry> timers = new TreeMap<>();
    private long now;
    private long nextId;

    @Override
    public long schedule(long delayMillis, Runnable task) {
        long id = nextId++;
        timers.put(id, new Entry(now + delayMillis, task));
        return id;
    }

    @Override
    public void cancel(long id) {
        timers.remove(id);
    }

    /** Moves time forward and fires due timers in order. */
    void advance(long millis) {
        now += millis;
        boolean fired = true;
        while (fired) {
            fired = false;
            for (Map.Entry<Long, Entry> e : Map.copyOf(timers).entrySet()) {
                if (e.getValue().at <= now && timers.remove(e.getKey()) != null) {
                    e.getValue().task.run();
                    fired = true;
                }
            }
        }
    }

    long now() {
        return now;
    }

    @Override
    public long nanoTime() {
        return now * 1_000_000;
    }
}
