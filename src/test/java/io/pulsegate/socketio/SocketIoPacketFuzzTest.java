package io.pulsegate.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.pulsegate.protocol.Command;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.protocol.Request;
import io.pulsegate.protocol.json.JsonLimits;

/**
 * Fuzzes what a Socket.IO client sends: Engine.IO packets through {@link SocketIoCodec#decodeCommands} (and
 * {@link SocketIoCodec#connectPid}), and recovery offsets through {@link Positions#hints}. Property: a packet decodes
 * to at most one command whose id says what it is (connect, event without or with ack), or fails with a
 * {@code BAD_REQUEST} {@link ProtocolException}, never another exception; an offset gives recovery hints or none.
 */
class SocketIoPacketFuzzTest {

    private static final SocketIoCodec CODEC = new SocketIoCodec(JsonLimits.DEFAULTS.newFactory(), "/", "event",
            "message", true);

    @FuzzTest
    void decodesOrRejects(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            Positions.hints(data.consumeRemainingAsString()).values()
                    .forEach(hint -> assertTrue(hint.recover() && hint.offset() >= 0));
            return;
        }
        byte[] packet = data.consumeRemainingAsBytes();
        CODEC.connectPid(packet); // null or a string, never an exception
        try {
            List<Command> commands = CODEC.decodeCommands(packet);
            assertTrue(commands.size() <= 1, "one packet, one command");
            for (Command c : commands) {
                if (c.request() instanceof Request.Connect) {
                    assertEquals(SocketIoCodec.CONNECT_ID, c.id());
                } else if (c.request() instanceof Request.Rpc rpc) {
                    assertTrue(c.id() >= SocketIoCodec.NO_ACK_ID && !rpc.method().isEmpty());
                } else {
                    assertTrue(c.isPong(), "unexpected " + c + " from " + new String(packet, StandardCharsets.UTF_8));
                }
            }
        } catch (ProtocolException e) {
            assertEquals(DisconnectCode.BAD_REQUEST, e.disconnect());
        }
    }
}
