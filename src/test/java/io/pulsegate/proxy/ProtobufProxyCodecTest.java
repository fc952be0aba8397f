package io.pulsegate.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.pulsegate.auth.ChannelOverride;
import io.pulsegate.proxy.grpc.ProxyProtocol;

/** Centrifugo's gRPC proxy messages: what Pulsegate sends parses as Centrifugo's schema, answers decode per event. */
class ProtobufProxyCodecTest {

    private final ProtobufProxyCodec codec = new ProtobufProxyCodec();
    private final Caller caller = new Caller("c1", "websocket", "protobuf", "u1", "{\"m\":1}".getBytes(
            StandardCharsets.UTF_8), Caller.Headers.NONE);

    private static ByteString json(String s) {
        return ByteString.copyFromUtf8(s);
    }

    @Test
    void requestsCarryTheConnectionAndTheEventFields() throws Exception {
        ProxyProtocol.ConnectRequest connect = ProxyProtocol.ConnectRequest.parseFrom(codec.encode(
                ProxyEvent.CONNECT, caller, ProxyRequest.connect("{}".getBytes(StandardCharsets.UTF_8), "java",
                        "0.4", List.of("a", "b")),
                false, false));
        assertEquals("c1", connect.getClient());
        assertEquals("websocket", connect.getTransport());
        assertEquals("protobuf", connect.getProtocol());
        assertEquals("json", connect.getEncoding());
        assertEquals(json("{}"), connect.getData());
        assertEquals(List.of("a", "b"), connect.getChannelsList());

        ProxyProtocol.RPCRequest rpc = ProxyProtocol.RPCRequest.parseFrom(codec.encode(ProxyEvent.RPC, caller,
                ProxyRequest.rpc("m", new byte[]{7}), true, true));
        assertEquals("u1", rpc.getUser());
        assertEquals("binary", rpc.getEncoding());
        assertEquals("Bw==", rpc.getB64Data());
        assertTrue(rpc.getData().isEmpty());
        assertEquals(json("{\"m\":1}"), rpc.getMeta());

        ProxyProtocol.SubscribeRequest sub = ProxyProtocol.SubscribeRequest.parseFrom(codec.encode(
                ProxyEvent.SUBSCRIBE, caller, ProxyRequest.subscribe("ch", "", null), false, false));
        assertEquals("ch", sub.getChannel());
        assertTrue(sub.getMeta().isEmpty(), "meta only with include-connection-meta");
    }

    @Test
    void decodesResultsPerEvent() throws Exception {
        byte[] connect = ProxyProtocol.ConnectResponse.newBuilder().setResult(ProxyProtocol.ConnectResult
                .newBuilder().setUser("56").setExpireAt(99).setInfo(json("{\"i\":1}")).setB64Data("AQ==")
                .addChannels("x").putSubs("y", ProxyProtocol.SubscribeOptions.newBuilder().setOverride(
                        ProxyProtocol.SubscribeOptionOverride.newBuilder().setJoinLeave(ProxyProtocol.BoolValue
                                .newBuilder().setValue(true)))
                        .build()))
                .build().toByteArray();
        ProxyResult r = assertInstanceOf(ProxyDecision.Allowed.class, codec.decode(ProxyEvent.CONNECT, connect))
                .result();
        assertEquals("56", r.user());
        assertEquals(99, r.expireAt());
        assertArrayEquals(new byte[]{1}, r.data());
        assertEquals(List.of("x"), r.channels());
        assertEquals(new ChannelOverride(null, true, null, null, null), r.subs().get("y").override());

        byte[] publish = ProxyProtocol.PublishResponse.newBuilder().setResult(ProxyProtocol.PublishResult
                .newBuilder().setData(json("{\"t\":1}")).setSkipHistory(true).putTags("a", "b")).build()
                .toByteArray();
        ProxyResult p = assertInstanceOf(ProxyDecision.Allowed.class, codec.decode(ProxyEvent.PUBLISH, publish))
                .result();
        assertEquals("{\"t\":1}", new String(p.data(), StandardCharsets.UTF_8));
        assertTrue(p.skipHistory());
        assertEquals("b", p.tags().get("a"));

        byte[] refresh = ProxyProtocol.RefreshResponse.newBuilder().setResult(ProxyProtocol.RefreshResult
                .newBuilder().setExpired(true)).build().toByteArray();
        assertTrue(assertInstanceOf(ProxyDecision.Allowed.class, codec.decode(ProxyEvent.REFRESH, refresh))
                .result().expired());
    }

    @Test
    void envelopeAndEmptyAnswers() throws Exception {
        byte[] both = ProxyProtocol.RPCResponse.newBuilder().setError(ProxyProtocol.Error.newBuilder().setCode(1000))
                .setDisconnect(ProxyProtocol.Disconnect.newBuilder().setCode(4501).setReason("no")).build()
                .toByteArray();
        assertEquals(new ProxyDecision.Disconnected(4501, "no"), codec.decode(ProxyEvent.RPC, both));
        assertNull(assertInstanceOf(ProxyDecision.Allowed.class, codec.decode(ProxyEvent.SUB_REFRESH, new byte[0]))
                .result());
        assertThrows(ProxyCodec.PayloadException.class, () -> codec.decode(ProxyEvent.RPC, new byte[]{(byte) 0xFF}));
    }
}
