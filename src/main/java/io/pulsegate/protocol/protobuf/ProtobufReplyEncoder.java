package io.pulsegate.protocol.protobuf;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;

import io.pulsegate.protocol.ClientInfo;
import io.pulsegate.protocol.ProtocolError;
import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.Push;
import io.pulsegate.protocol.PushBody;
import io.pulsegate.protocol.Reply;
import io.pulsegate.protocol.Result;
import io.pulsegate.protocol.protobuf.wire.ClientProtocol;

/**
 * Maps codec-neutral replies and pushes to the generated messages and writes them length-delimited. Proto3 omits zero
 * values by itself; the one rule to keep is the JSON one: a successful reply always carries its (possibly empty) result
 * message, since the SDKs dispatch on which result field is present.
 */
final class ProtobufReplyEncoder {

    /** An empty Reply after its length prefix: the ping. */
    private static final byte[] PING = {0};

    byte[] encodeReply(Reply reply) {
        if (reply.id() == 0 && reply.error() == null && reply.result() == null && reply.push() == null) {
            return PING.clone();
        }
        ClientProtocol.Reply.Builder b = ClientProtocol.Reply.newBuilder().setId((int) reply.id());
        if (reply.error() != null) {
            b.setError(error(reply.error()));
        } else if (reply.result() != null) {
            result(b, reply.result());
        } else if (reply.push() != null) {
            b.setPush(push(reply.push()));
        }
        return delimited(b.build());
    }

    byte[] encodePush(Push push) {
        return delimited(push(push));
    }

    /** Writes the varint length prefix and the message into one exactly-sized array. */
    static byte[] delimited(MessageLite message) {
        int size = message.getSerializedSize();
        byte[] out = new byte[CodedOutputStream.computeUInt32SizeNoTag(size) + size];
        CodedOutputStream o = CodedOutputStream.newInstance(out);
        try {
            o.writeUInt32NoTag(size);
            message.writeTo(o);
            o.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("protobuf size mismatch", e); // cannot happen with an exact-size array
        }
        return out;
    }

    private static ClientProtocol.Error error(ProtocolError e) {
        return ClientProtocol.Error.newBuilder().setCode(e.code()).setMessage(str(e.message()))
                .setTemporary(e.temporary()).build();
    }

    private static void result(ClientProtocol.Reply.Builder b, Result result) {
        if (result instanceof Result.Connect c) {
            b.setConnect(connect(c));
        } else if (result instanceof Result.Subscribe s) {
            b.setSubscribe(subscribe(s));
        } else if (result instanceof Result.MapSubscribe m) {
            b.setSubscribe(mapSubscribe(m));
        } else if (result instanceof Result.Unsubscribe) {
            b.setUnsubscribe(ClientProtocol.UnsubscribeResult.getDefaultInstance());
        } else if (result instanceof Result.Publish) {
            b.setPublish(ClientProtocol.PublishResult.getDefaultInstance());
        } else if (result instanceof Result.Presence p) {
            ClientProtocol.PresenceResult.Builder r = ClientProtocol.PresenceResult.newBuilder();
            if (p.presence() != null) {
                p.presence().forEach((client, info) -> r.putPresence(client, clientInfo(info)));
            }
            b.setPresence(r);
        } else if (result instanceof Result.PresenceStats s) {
            b.setPresenceStats(ClientProtocol.PresenceStatsResult.newBuilder().setNumClients((int) s.numClients())
                    .setNumUsers((int) s.numUsers()));
        } else if (result instanceof Result.History h) {
            ClientProtocol.HistoryResult.Builder r = ClientProtocol.HistoryResult.newBuilder()
                    .setEpoch(str(h.epoch())).setOffset(h.offset());
            addPublications(h.publications(), r::addPublications);
            b.setHistory(r);
        } else if (result instanceof Result.Rpc r) {
            b.setRpc(ClientProtocol.RPCResult.newBuilder().setData(bytes(r.data())));
        } else if (result instanceof Result.Refresh r) {
            b.setRefresh(ClientProtocol.RefreshResult.newBuilder().setClient(str(r.client()))
                    .setVersion(str(r.version())).setExpires(r.expires()).setTtl((int) r.ttl()));
        } else if (result instanceof Result.SubRefresh r) {
            b.setSubRefresh(ClientProtocol.SubRefreshResult.newBuilder().setExpires(r.expires()).setTtl((int) r.ttl()));
        } else {
            throw new IllegalStateException("unknown result " + result.getClass());
        }
    }

    private static ClientProtocol.ConnectResult connect(Result.Connect c) {
        ClientProtocol.ConnectResult.Builder r = ClientProtocol.ConnectResult.newBuilder().setClient(str(c.client()))
                .setVersion(str(c.version())).setExpires(c.expires()).setTtl((int) c.ttl()).setData(bytes(c.data()))
                .setPing((int) c.ping()).setPong(c.pong()).setSession(str(c.session())).setNode(str(c.node()));
        if (c.subs() != null) {
            c.subs().forEach((channel, sub) -> r.putSubs(channel, subscribe(sub)));
        }
        return r.build();
    }

    private static ClientProtocol.SubscribeResult subscribe(Result.Subscribe s) {
        ClientProtocol.SubscribeResult.Builder r = ClientProtocol.SubscribeResult.newBuilder().setExpires(s.expires())
                .setTtl((int) s.ttl()).setRecoverable(s.recoverable()).setEpoch(str(s.epoch()))
                .setRecovered(s.recovered()).setOffset(s.offset()).setPositioned(s.positioned())
                .setData(bytes(s.data())).setWasRecovering(s.wasRecovering()).setDelta(s.delta())
                .setPublishDebounce((int) s.publishDebounceMillis());
        addPublications(s.publications(), r::addPublications);
        return r.build();
    }

    private static ClientProtocol.SubscribeResult mapSubscribe(Result.MapSubscribe m) {
        ClientProtocol.SubscribeResult.Builder r = ClientProtocol.SubscribeResult.newBuilder()
                .setType(Result.MapSubscribe.TYPE).setPhase(m.phase()).setCursor(str(m.cursor()))
                .setEpoch(str(m.epoch())).setOffset(m.offset()).setRecoverable(m.recoverable())
                .setRecovered(m.recovered()).setWasRecovering(m.wasRecovering()).setData(bytes(m.data()))
                .setDelta(m.delta()).setPublishDebounce((int) m.publishDebounceMillis());
        addPublications(m.state(), r::addState);
        addPublications(m.publications(), r::addPublications);
        return r.build();
    }

    private static void addPublications(List<Publication> pubs,
            java.util.function.Consumer<ClientProtocol.Publication> add) {
        if (pubs != null) {
            for (Publication p : pubs) {
                add.accept(publication(p));
            }
        }
    }

    private static ClientProtocol.Publication publication(Publication p) {
        ClientProtocol.Publication.Builder b = ClientProtocol.Publication.newBuilder().setData(bytes(p.data()))
                .setOffset(p.offset()).setDelta(p.delta()).setRemoved(p.removed());
        if (p.key() != null) {
            b.setKey(p.key());
        }
        if (p.info() != null) {
            b.setInfo(clientInfo(p.info()));
        }
        Map<String, String> tags = p.tags();
        if (tags != null) {
            b.putAllTags(tags);
        }
        return b.build();
    }

    private static ClientProtocol.ClientInfo clientInfo(ClientInfo i) {
        return ClientProtocol.ClientInfo.newBuilder().setUser(str(i.user())).setClient(str(i.client()))
                .setConnInfo(bytes(i.connInfo())).setChanInfo(bytes(i.chanInfo())).build();
    }

    private static ClientProtocol.Push push(Push push) {
        ClientProtocol.Push.Builder b = ClientProtocol.Push.newBuilder().setChannel(str(push.channel()));
        PushBody body = push.body();
        if (body == null) {
            return b.build(); // an empty push is the unidirectional ping
        }
        if (body instanceof Publication pub) {
            b.setPub(publication(pub));
        } else if (body instanceof PushBody.Join j) {
            b.setJoin(ClientProtocol.Join.newBuilder().setInfo(clientInfo(j.info())));
        } else if (body instanceof PushBody.Leave l) {
            b.setLeave(ClientProtocol.Leave.newBuilder().setInfo(clientInfo(l.info())));
        } else if (body instanceof PushBody.Unsubscribe u) {
            b.setUnsubscribe(ClientProtocol.Unsubscribe.newBuilder().setCode(u.code()).setReason(str(u.reason())));
        } else if (body instanceof PushBody.Message m) {
            b.setMessage(ClientProtocol.Message.newBuilder().setData(bytes(m.data())));
        } else if (body instanceof PushBody.Subscribe s) {
            b.setSubscribe(ClientProtocol.Subscribe.newBuilder().setRecoverable(s.recoverable())
                    .setEpoch(str(s.epoch())).setOffset(s.offset()).setPositioned(s.positioned())
                    .setData(bytes(s.data())));
        } else if (body instanceof PushBody.Connect c) {
            b.setConnect(c.result() == null ? ClientProtocol.Connect.getDefaultInstance() : connectPush(c.result()));
        } else if (body instanceof PushBody.Disconnect d) {
            b.setDisconnect(ClientProtocol.Disconnect.newBuilder().setCode(d.code()).setReason(str(d.reason())));
        } else if (body instanceof PushBody.Refresh r) {
            b.setRefresh(ClientProtocol.Refresh.newBuilder().setExpires(r.expires()).setTtl((int) r.ttl()));
        } else {
            throw new IllegalStateException("unknown push body " + body.getClass());
        }
        return b.build();
    }

    /** The uni-transport connect push: same content as ConnectResult, different field numbers. */
    private static ClientProtocol.Connect connectPush(Result.Connect c) {
        ClientProtocol.Connect.Builder r = ClientProtocol.Connect.newBuilder().setClient(str(c.client()))
                .setVersion(str(c.version())).setData(bytes(c.data())).setExpires(c.expires()).setTtl((int) c.ttl())
                .setPing((int) c.ping()).setPong(c.pong()).setSession(str(c.session())).setNode(str(c.node()));
        if (c.subs() != null) {
            c.subs().forEach((channel, sub) -> r.putSubs(channel, subscribe(sub)));
        }
        return r.build();
    }

    private static String str(String s) {
        return s == null ? "" : s;
    }

    /** Payload bytes pass through unchanged (one copy into the message; {@code null} stays absent). */
    private static ByteString bytes(byte[] b) {
        return b == null ? ByteString.EMPTY : ByteString.copyFrom(b);
    }
}
