package io.pulsegate.transport.websocket.guard;

import java.nio.channels.ClosedChannelException;

import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * Test-only echo endpoint: goes through exactly the same upgrade checks, Vert.x options and guards as production
 * endpoints, and returns every text and binary message unchanged (the Autobahn fuzzing client and the raw-socket
 * tests rely on that). Returning {@link Uni} keeps it on the event loop.
 */
@WebSocket(path = "/test/echo")
public class AutobahnEchoEndpoint {

    @OnTextMessage
    Uni<String> text(String message) {
        return Uni.createFrom().item(message);
    }

    @OnBinaryMessage
    Uni<Buffer> binary(Buffer message) {
        return Uni.createFrom().item(message);
    }

    /**
     * An echo to a connection the peer or the guard has just closed fails; that is expected in the fuzzing cases,
     * so it is not logged as an unhandled failure.
     */
    @OnError
    Uni<Void> closed(ClosedChannelException e) {
        return Uni.createFrom().voidItem();
    }
}
