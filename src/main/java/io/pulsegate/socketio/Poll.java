package io.pulsegate.socketio;

import java.util.function.Consumer;

import io.vertx.core.http.HttpServerResponse;

/** One held long-polling {@code GET}: answered on this node, or relayed to the node the client asked. */
interface Poll {

    /** Answers the poll with Engine.IO packets joined by the record separator; {@code done} with the outcome. */
    void answer(String payload, Consumer<Boolean> done);

    /** Runs {@code gone} if the poll is abandoned before it was answered (the client left). */
    void onGone(Runnable gone);

    /** A poll from a request on this node. */
    static Poll of(HttpServerResponse response) {
        return new Poll() {
            @Override
            public void answer(String payload, Consumer<Boolean> done) {
                response.putHeader("Content-Type", PollingChannel.CONTENT_TYPE).end(payload)
                        .onComplete(ar -> done.accept(ar.succeeded()));
            }

            @Override
            public void onGone(Runnable gone) {
                response.closeHandler(v -> gone.run());
            }
        };
    }
}
