package io.pulsegate.client;

/** Timers for sessions. Implementations must not block and may fire on any thread. */
public interface Scheduler {

    /** Schedules {@code task} once after {@code delayMillis}; returns an id for {@link #cancel(long)}. */
    long schedule(long delayMillis, Runnable task);

    /** Cancels a scheduled task; unknown or fired ids are ignored. */
    void cancel(long id);

    /** The time the scheduler runs on, in nanoseconds (only differences are meaningful). */
    default long nanoTime() {
        return System.nanoTime();
    }
}
