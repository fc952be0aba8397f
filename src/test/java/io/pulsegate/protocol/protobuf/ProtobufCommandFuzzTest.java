package io.pulsegate.protocol.protobuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.pulsegate.protocol.Command;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.protocol.Request;
import io.pulsegate.protocol.protobuf.wire.ClientProtocol;

/**
 * Fuzzes the Protobuf command decoder (varint-delimited {@code Command} messages). Property: any frame either decodes
 * to at most {@code maxCommandsPerFrame} commands or is rejected with a {@code BAD_REQUEST} {@link ProtocolException}
 * (never another exception, an error or a hang); a batch of subscribe commands built from fuzzed fields with
 * protobuf-java decodes back to the same fields.
 */
class ProtobufCommandFuzzTest {

    private static final ProtobufLimits LIMITS = ProtobufLimits.DEFAULTS;
    private static final ProtobufCodec CODEC = new ProtobufCodec(LIMITS);

    @FuzzTest
    void decodesOrRejects(FuzzedDataProvider data) throws IOException {
        if (data.consumeBoolean()) {
            roundTrip(data);
            return;
        }
        try {
            List<Command> commands = CODEC.decodeCommands(data.consumeRemainingAsBytes());
            assertTrue(commands.size() <= LIMITS.maxCommandsPerFrame());
        } catch (ProtocolException e) {
            assertEquals(DisconnectCode.BAD_REQUEST, e.disconnect());
        }
    }

    private static void roundTrip(FuzzedDataProvider data) throws IOException {
        int count = data.consumeInt(1, 4);
        ClientProtocol.Command[] sent = new ClientProtocol.Command[count];
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            sent[i] = ClientProtocol.Command.newBuilder().setId(data.consumeInt(1, Integer.MAX_VALUE))
                    .setSubscribe(ClientProtocol.SubscribeRequest.newBuilder().setChannel(data.consumeString(64))
                            .setRecover(true).setOffset(data.consumeLong(0, Long.MAX_VALUE))
                            .setEpoch(data.consumeString(16)))
                    .build();
            sent[i].writeDelimitedTo(frame);
        }
        List<Command> commands;
        try {
            commands = CODEC.decodeCommands(frame.toByteArray());
        } catch (ProtocolException e) {
            throw new AssertionError("well-formed frame rejected: " + e.getMessage(), e);
        }
        assertEquals(count, commands.size());
        for (int i = 0; i < count; i++) {
            assertEquals(sent[i].getId(), commands.get(i).id());
            Request.Subscribe s = assertInstanceOf(Request.Subscribe.class, commands.get(i).request());
            assertEquals(sent[i].getSubscribe().getChannel(), s.channel());
            assertEquals(sent[i].getSubscribe().getOffset(), s.offset());
            assertEquals(sent[i].getSubscribe().getEpoch(), s.epoch());
        }
    }
}
