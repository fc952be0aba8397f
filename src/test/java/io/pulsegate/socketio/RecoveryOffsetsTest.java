package io.pulsegate.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.Push;
import io.pulsegate.protocol.PushBody;
import io.pulsegate.protocol.Reply;
import io.pulsegate.protocol.Request;
import io.pulsegate.protocol.Result;
import io.pulsegate.protocol.json.JsonLimits;

/** Connection state recovery: the shared codec's trailers, one connection's offsets, and the way back. */
class RecoveryOffsetsTest {

    private final SocketIoCodec codec = new SocketIoCodec(JsonLimits.DEFAULTS.newFactory(), "/", "event", "message",
            true);

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Publication pub(long offset) {
        return new Publication(("{\"n\":" + offset + "}").getBytes(StandardCharsets.UTF_8), null, offset, null);
    }

    private static Result.Subscribe sub(String epoch, long offset, boolean wasRecovering, boolean recovered,
            List<Publication> pubs) {
        return new Result.Subscribe(false, 0, true, epoch, pubs, recovered, offset, true, null, wasRecovering);
    }

    private static Reply connectReply(Map<String, Result.Subscribe> subs) {
        return Reply.result(SocketIoCodec.CONNECT_ID, new Result.Connect("c1", "", false, 0, null, subs, 25, true,
                null, null));
    }

    /** What one connection writes for the encoded items, in order. */
    private static List<String> written(OutboundPackets out, byte[]... items) {
        List<String> packets = new java.util.ArrayList<>();
        for (byte[] item : items) {
            for (String packet : s(item).split("\u001e")) {
                String sent = out.rewrite(packet);
                if (sent != null) {
                    packets.add(sent);
                }
            }
        }
        return packets;
    }

    @Test
    void eventsCarryTheOffsetOfEveryChannelAndItLeadsBackToThoseChannels() throws Exception {
        Map<String, Result.Subscribe> subs = new LinkedHashMap<>();
        subs.put("chat:a", sub("ea", 4, false, false, List.of()));
        subs.put("chat:b", sub("eb", 9, false, false, List.of()));
        OutboundPackets out = new OutboundPackets();
        List<String> sent = written(out, codec.encodeReply(connectReply(subs)), codec.encodeReply(Reply.push(
                new Push("chat:a", pub(5)))));
        assertTrue(sent.get(0).matches("40\\{\"sid\":\"c1\",\"pid\":\"[A-Za-z0-9_-]{20}\"}"), sent.get(0));
        String event = sent.get(1);
        assertTrue(event.startsWith("42[\"message\",{\"n\":5},\""), event);
        String offset = event.substring(event.lastIndexOf(",\"") + 2, event.length() - 2);
        Map<String, Request.Subscribe> hints = Positions.hints(offset);
        assertEquals(List.of("chat:a", "chat:b"), List.copyOf(hints.keySet()));
        assertEquals(5, hints.get("chat:a").offset());
        assertEquals("ea", hints.get("chat:a").epoch());
        assertEquals(9, hints.get("chat:b").offset());
        assertTrue(hints.get("chat:b").recover());
    }

    @Test
    void aRecoveredConnectKeepsThePidAndReplaysWhatWasMissedWithAdvancingOffsets() throws Exception {
        Map<String, Result.Subscribe> subs = Map.of("chat:a", sub("ea", 7, true, true, List.of(pub(6), pub(7))));
        OutboundPackets out = new OutboundPackets();
        out.connecting("previous-pid");
        List<String> sent = written(out, codec.encodeReply(connectReply(subs)));
        assertEquals("40{\"sid\":\"c1\",\"pid\":\"previous-pid\"}", sent.get(0));
        assertEquals(3, sent.size());
        assertTrue(sent.get(1).contains("~ea~6\"]"), sent.get(1));
        assertTrue(sent.get(2).contains("~ea~7\"]"), sent.get(2));
    }

    @Test
    void anUnrecoveredConnectGetsANewPidAndNoReplay() throws Exception {
        Map<String, Result.Subscribe> subs = Map.of("chat:a", sub("ea", 20, true, false, List.of(pub(19))));
        OutboundPackets out = new OutboundPackets();
        out.connecting("previous-pid");
        List<String> sent = written(out, codec.encodeReply(connectReply(subs)));
        assertEquals(1, sent.size());
        assertNotEquals("40{\"sid\":\"c1\",\"pid\":\"previous-pid\"}", sent.get(0));
    }

    @Test
    void serverSideSubscribeAndUnsubscribeChangeTheTrackedChannelsWithoutReachingTheClient() throws Exception {
        OutboundPackets out = new OutboundPackets();
        List<String> sent = written(out,
                codec.encodeReply(connectReply(Map.of())),
                codec.encodeReply(Reply.push(new Push("chat:x", new PushBody.Subscribe(true, "ex", 3, true,
                        null)))),
                codec.encodeReply(Reply.push(new Push("chat:x", pub(4)))),
                codec.encodeReply(Reply.push(new Push("chat:x", new PushBody.Unsubscribe(0, "")))),
                codec.encodeReply(Reply.push(new Push("chat:y", pub(1)))));
        assertEquals(3, sent.size());
        assertTrue(sent.get(1).endsWith("~ex~4\"]"), sent.get(1));
        assertTrue(sent.get(2).endsWith(",\"\"]"), "no channel tracked any more: " + sent.get(2));
    }

    @Test
    void theConnectPacketAsksForRecoveryWithItsPidAndOffset() throws Exception {
        String offset = "Y2hhdDph~ea~5";
        byte[] connect = ("40{\"token\":\"t\",\"pid\":\"p1\",\"offset\":\"" + offset + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        Request.Connect request = (Request.Connect) codec.decodeCommands(connect).get(0).request();
        assertEquals(5, request.subs().get("chat:a").offset());
        assertNull(request.data(), "pid and offset are not connect data");
        assertEquals("p1", codec.connectPid(connect));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "Y2hhdDph~ea", "Y2hhdDph~ea~-1", "Y2hhdDph~ea~x", "!!~ea~1", "Y2hhdDph~ea~1."})
    void aMalformedOffsetMeansAFreshConnection(String offset) {
        assertEquals(Map.of(), Positions.hints(offset));
    }
}
