package io.pulsegate.node;

import io.pulsegate.client.Scheduler;
import io.vertx.core.Vertx;

/** Session timers on Vert.x timers (which never block and fire on an event loop). */
final class VertxScheduler implements Scheduler {

    private final Vertx vertx;

    VertxScheduler(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public long schedule(long delayMillis, Runnable task) {
        return vertx.setTimer(Math.max(1, delayMillis), id -> task.run());
    }

    @Override
    public void cancel(long id) {
        vertx.cancelTimer(id);
    }
}
