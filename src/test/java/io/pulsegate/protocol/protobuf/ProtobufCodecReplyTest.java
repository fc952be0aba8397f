package io.pulsegate.protocol.protobuf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pulsegate.protocol.ClientInfo;
import io.pulsegate.protocol.ErrorCode;
import io.pulsegate.protocol.ProtocolError;
import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.Push;
import io.pulsegate.protocol.PushBody;
import io.pulsegate.protocol.Reply;
import io.pulsegate.protocol.Result;
import io.pulsegate.protocol.protobuf.wire.ClientProtocol;

/** Encoding of replies and pushes, read back with protobuf's own delimited parser as the SDKs do. */
class ProtobufCodecReplyTest {

    private static final byte[] JSON = "{\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BINARY = {0, 1, (byte) 0xFE, (byte) 0xFF, '\n'};
    private static final ClientInfo ALICE = new ClientInfo("alice", "c1", JSON, BINARY);

    private final ProtobufCodec codec = new ProtobufCodec();

    private ClientProtocol.Reply reply(Reply r) throws Exception {
        List<ClientProtocol.Reply> all = parse(codec.encodeReply(r));
        assertEquals(1, all.size());
        return all.get(0);
    }

    private static List<ClientProtocol.Reply> parse(byte[] frame) throws Exception {
        ByteArrayInputStream in = new ByteArrayInputStream(frame);
        List<ClientProtocol.Reply> out = new ArrayList<>();
        ClientProtocol.Reply r;
        while ((r = ClientProtocol.Reply.parseDelimitedFrom(in)) != null) {
            out.add(r);
        }
        return out;
    }

    private static Result.Subscribe subscribeResult(List<Publication> pubs) {
        return new Result.Subscribe(true, 60, true, "E", pubs, true, 9, true, JSON, true);
    }

    @Test
    void pingIsASingleZeroByte() throws Exception {
        assertArrayEquals(new byte[]{0}, codec.encodeReply(Reply.PING));
    }

    @Test
    void errorReply() throws Exception {
        ClientProtocol.Reply r = reply(Reply.error(3, ProtocolError.of(ErrorCode.PERMISSION_DENIED)));
        assertEquals(3, r.getId());
        assertEquals(103, r.getError().getCode());
        assertEquals("permission denied", r.getError().getMessage());
        assertFalse(r.hasConnect());
    }

    @Test
    void connectResult() throws Exception {
        Result.Connect c = new Result.Connect("client-1", "0.1.0", true, 120, JSON,
                Map.of("news", subscribeResult(null)), 25, true, "", null);
        ClientProtocol.ConnectResult r = reply(Reply.result(1, c)).getConnect();
        assertEquals("client-1", r.getClient());
        assertEquals("0.1.0", r.getVersion());
        assertTrue(r.getExpires());
        assertEquals(120, r.getTtl());
        assertArrayEquals(JSON, r.getData().toByteArray());
        assertEquals(25, r.getPing());
        assertTrue(r.getPong());
        assertEquals("", r.getNode());
        assertEquals("E", r.getSubsOrThrow("news").getEpoch());
    }

    @Test
    void subscribeResultWithRecoveredPublications() throws Exception {
        Publication pub = new Publication(BINARY, ALICE, 8, Map.of("k", "v"));
        ClientProtocol.SubscribeResult r = reply(Reply.result(2, subscribeResult(List.of(pub)))).getSubscribe();
        assertTrue(r.getExpires() && r.getRecoverable() && r.getRecovered() && r.getPositioned()
                && r.getWasRecovering());
        assertEquals(60, r.getTtl());
        assertEquals(9, r.getOffset());
        assertArrayEquals(JSON, r.getData().toByteArray());
        ClientProtocol.Publication p = r.getPublications(0);
        assertArrayEquals(BINARY, p.getData().toByteArray());
        assertEquals(8, p.getOffset());
        assertEquals("v", p.getTagsOrThrow("k"));
        assertEquals("alice", p.getInfo().getUser());
        assertArrayEquals(BINARY, p.getInfo().getChanInfo().toByteArray());
    }

    @Test
    void emptyResultsArePresent() throws Exception {
        assertTrue(reply(Reply.result(4, new Result.Publish())).hasPublish());
        assertTrue(reply(Reply.result(5, new Result.Unsubscribe())).hasUnsubscribe());
        assertTrue(reply(Reply.result(6, new Result.Rpc(null))).hasRpc());
        assertTrue(reply(Reply.result(7, new Result.Presence(Map.of()))).hasPresence());
    }

    @Test
    void presenceHistoryRpcRefresh() throws Exception {
        assertEquals("alice", reply(Reply.result(1, new Result.Presence(Map.of("c1", ALICE)))).getPresence()
                .getPresenceOrThrow("c1").getUser());
        ClientProtocol.PresenceStatsResult stats = reply(Reply.result(2, new Result.PresenceStats(3, 2)))
                .getPresenceStats();
        assertEquals(3, stats.getNumClients());
        assertEquals(2, stats.getNumUsers());
        ClientProtocol.HistoryResult h = reply(Reply.result(3, new Result.History(
                List.of(new Publication(JSON, null, 1, null), new Publication(JSON, null, 2, null)), "E", 2)))
                .getHistory();
        assertEquals(2, h.getPublicationsCount());
        assertEquals("E", h.getEpoch());
        assertEquals(2, h.getOffset());
        assertFalse(h.getPublications(0).hasInfo());
        assertArrayEquals(BINARY, reply(Reply.result(4, new Result.Rpc(BINARY))).getRpc().getData().toByteArray());
        ClientProtocol.RefreshResult rr = reply(Reply.result(5, new Result.Refresh("c", "v", true, 30)))
                .getRefresh();
        assertEquals(30, rr.getTtl());
        assertTrue(rr.getExpires());
        assertEquals(40, reply(Reply.result(6, new Result.SubRefresh(true, 40))).getSubRefresh().getTtl());
    }

    @Test
    void publicationPushPassesPayloadBytesThrough() throws Exception {
        ClientProtocol.Reply r = reply(Reply.push(new Push("chat:1", new Publication(BINARY, null, 15, null))));
        assertEquals(0, r.getId());
        assertEquals("chat:1", r.getPush().getChannel());
        assertArrayEquals(BINARY, r.getPush().getPub().getData().toByteArray());
        assertEquals(15, r.getPush().getPub().getOffset());
        byte[] json = reply(Reply.push(new Push("c", new Publication(JSON, null, 0, null)))).getPush().getPub()
                .getData().toByteArray();
        assertArrayEquals(JSON, json, "JSON payloads travel as their exact UTF-8 text");
    }

    @Test
    void everyPushBody() throws Exception {
        ClientProtocol.Push join = reply(Reply.push(new Push("c", new PushBody.Join(ALICE)))).getPush();
        assertEquals("c1", join.getJoin().getInfo().getClient());
        assertEquals("alice", reply(Reply.push(new Push("c", new PushBody.Leave(ALICE)))).getPush().getLeave()
                .getInfo().getUser());
        ClientProtocol.Unsubscribe unsub = reply(Reply.push(new Push("c", new PushBody.Unsubscribe(2500, "r"))))
                .getPush().getUnsubscribe();
        assertEquals(2500, unsub.getCode());
        assertEquals("r", unsub.getReason());
        assertArrayEquals(BINARY, reply(Reply.push(new Push("", new PushBody.Message(BINARY)))).getPush()
                .getMessage().getData().toByteArray());
        ClientProtocol.Subscribe sub = reply(Reply.push(new Push("c", new PushBody.Subscribe(true, "E", 4, true,
                JSON)))).getPush().getSubscribe();
        assertEquals(4, sub.getOffset());
        assertEquals("E", sub.getEpoch());
        ClientProtocol.Disconnect d = reply(Reply.push(new Push("", new PushBody.Disconnect(3503, "bye"))))
                .getPush().getDisconnect();
        assertEquals(3503, d.getCode());
        assertEquals(10, reply(Reply.push(new Push("", new PushBody.Refresh(true, 10)))).getPush().getRefresh()
                .getTtl());
    }

    @Test
    void bareConnectPushUsesTheConnectPushNumbering() throws Exception {
        Result.Connect c = new Result.Connect("id", "v", true, 7, null, null, 25, false, "s", "n");
        ClientProtocol.Push p = ClientProtocol.Push.parseDelimitedFrom(new ByteArrayInputStream(
                codec.encodePush(new Push("", new PushBody.Connect(c)))));
        assertEquals("id", p.getConnect().getClient());
        assertEquals(7, p.getConnect().getTtl());
        assertEquals(25, p.getConnect().getPing());
        assertEquals("s", p.getConnect().getSession());
        ClientProtocol.Push ping = ClientProtocol.Push.parseDelimitedFrom(new ByteArrayInputStream(
                codec.encodePush(new Push("", null))));
        assertEquals(ClientProtocol.Push.getDefaultInstance(), ping);
    }

    @Test
    void joinConcatenatesDelimitedItems() throws Exception {
        byte[] a = codec.encodeReply(Reply.result(1, new Result.Publish()));
        byte[] frame = codec.join(List.of(a, codec.encodeReply(Reply.PING),
                codec.encodeReply(Reply.push(new Push("c", new Publication(JSON, null, 1, null))))));
        List<ClientProtocol.Reply> replies = parse(frame);
        assertEquals(3, replies.size());
        assertEquals(1, replies.get(0).getId());
        assertEquals(ClientProtocol.Reply.getDefaultInstance(), replies.get(1));
        assertTrue(replies.get(2).hasPush());
        assertEquals(a, codec.join(List.of(a)));
    }
}
