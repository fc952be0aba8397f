package io.pulsegate.proxy;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

import io.pulsegate.auth.ChannelOverride;
import io.pulsegate.auth.SubClaim;
import io.pulsegate.protocol.ProtocolError;
import io.pulsegate.proxy.grpc.ProxyProtocol;

/**
 * The Protobuf messages of Centrifugo's gRPC proxy ({@code src/main/proto/proxy.proto}): one request and one
 * response message per event, all with the same connection fields 1–4 and the same {@code result}, {@code error},
 * {@code disconnect} envelope. Generated classes, no reflection.
 */
final class ProtobufProxyCodec implements ProxyCodec {

    @Override
    public byte[] encode(ProxyEvent event, Caller caller, ProxyRequest request, boolean binary, boolean includeMeta) {
        String encoding = binary ? "binary" : "json";
        ByteString data = binary ? ByteString.EMPTY : bytes(request.data());
        String b64data = binary && request.data() != null ? Base64.getEncoder().encodeToString(request.data()) : "";
        ByteString meta = includeMeta ? bytes(caller.meta()) : ByteString.EMPTY;
        return switch (event) {
            case CONNECT -> ProxyProtocol.ConnectRequest.newBuilder().setClient(caller.client())
                    .setTransport(caller.transport()).setProtocol(caller.protocol()).setEncoding(encoding)
                    .setData(data).setB64Data(b64data).setName(request.name()).setVersion(request.version())
                    .addAllChannels(request.channels() == null ? List.of() : request.channels()).build().toByteArray();
            case REFRESH -> ProxyProtocol.RefreshRequest.newBuilder().setClient(caller.client())
                    .setTransport(caller.transport()).setProtocol(caller.protocol()).setEncoding(encoding)
                    .setUser(caller.user()).setMeta(meta).build().toByteArray();
            case SUBSCRIBE -> ProxyProtocol.SubscribeRequest.newBuilder().setClient(caller.client())
                    .setTransport(caller.transport()).setProtocol(caller.protocol()).setEncoding(encoding)
                    .setUser(caller.user()).setChannel(request.channel()).setToken(request.token()).setMeta(meta)
                    .setData(data).setB64Data(b64data).build().toByteArray();
            case PUBLISH -> ProxyProtocol.PublishRequest.newBuilder().setClient(caller.client())
                    .setTransport(caller.transport()).setProtocol(caller.protocol()).setEncoding(encoding)
                    .setUser(caller.user()).setChannel(request.channel()).setData(data).setB64Data(b64data)
                    .setMeta(meta).build().toByteArray();
            case RPC -> ProxyProtocol.RPCRequest.newBuilder().setClient(caller.client())
                    .setTransport(caller.transport()).setProtocol(caller.protocol()).setEncoding(encoding)
                    .setUser(caller.user()).setMethod(request.method()).setData(data).setB64Data(b64data)
                    .setMeta(meta).build().toByteArray();
            case SUB_REFRESH -> ProxyProtocol.SubRefreshRequest.newBuilder().setClient(caller.client())
                    .setTransport(caller.transport()).setProtocol(caller.protocol()).setEncoding(encoding)
                    .setUser(caller.user()).setChannel(request.channel()).setMeta(meta).build().toByteArray();
        };
    }

    @Override
    public ProxyDecision decode(ProxyEvent event, byte[] body) throws PayloadException {
        try {
            return switch (event) {
                case CONNECT -> connect(ProxyProtocol.ConnectResponse.parseFrom(body));
                case REFRESH -> refresh(ProxyProtocol.RefreshResponse.parseFrom(body));
                case SUBSCRIBE -> subscribe(ProxyProtocol.SubscribeResponse.parseFrom(body));
                case PUBLISH -> publish(ProxyProtocol.PublishResponse.parseFrom(body));
                case RPC -> rpc(ProxyProtocol.RPCResponse.parseFrom(body));
                case SUB_REFRESH -> subRefresh(ProxyProtocol.SubRefreshResponse.parseFrom(body));
            };
        } catch (InvalidProtocolBufferException e) {
            throw new PayloadException("malformed Protobuf answer");
        }
    }

    private static ProxyDecision connect(ProxyProtocol.ConnectResponse r) throws PayloadException {
        return decide(envelope(r.hasDisconnect(), r.getDisconnect(), r.hasError(), r.getError()), r.hasResult(), b -> {
            ProxyProtocol.ConnectResult c = r.getResult();
            b.user = c.getUser();
            b.expireAt = c.getExpireAt();
            b.info = array(c.getInfo());
            b.b64info = c.getB64Info();
            b.data = array(c.getData());
            b.b64data = c.getB64Data();
            b.channels = List.copyOf(c.getChannelsList());
            for (Map.Entry<String, ProxyProtocol.SubscribeOptions> e : c.getSubsMap().entrySet()) {
                ProxyProtocol.SubscribeOptions o = e.getValue();
                b.subs.put(e.getKey(), new SubClaim(ResultBuilder.payload(array(o.getInfo()), o.getB64Info()),
                        ResultBuilder.payload(array(o.getData()), o.getB64Data()),
                        o.hasOverride() ? override(o.getOverride()) : null));
            }
            b.meta = array(c.getMeta());
        });
    }

    private static ProxyDecision refresh(ProxyProtocol.RefreshResponse r) throws PayloadException {
        return decide(envelope(r.hasDisconnect(), r.getDisconnect(), r.hasError(), r.getError()), r.hasResult(), b -> {
            ProxyProtocol.RefreshResult c = r.getResult();
            b.expired = c.getExpired();
            b.expireAt = c.getExpireAt();
            b.info = array(c.getInfo());
            b.b64info = c.getB64Info();
            b.meta = array(c.getMeta());
        });
    }

    private static ProxyDecision subscribe(ProxyProtocol.SubscribeResponse r) throws PayloadException {
        return decide(envelope(r.hasDisconnect(), r.getDisconnect(), r.hasError(), r.getError()), r.hasResult(), b -> {
            ProxyProtocol.SubscribeResult c = r.getResult();
            b.expireAt = c.getExpireAt();
            b.info = array(c.getInfo());
            b.b64info = c.getB64Info();
            b.data = array(c.getData());
            b.b64data = c.getB64Data();
            b.override = c.hasOverride() ? override(c.getOverride()) : null;
        });
    }

    private static ProxyDecision publish(ProxyProtocol.PublishResponse r) throws PayloadException {
        return decide(envelope(r.hasDisconnect(), r.getDisconnect(), r.hasError(), r.getError()), r.hasResult(), b -> {
            ProxyProtocol.PublishResult c = r.getResult();
            b.data = array(c.getData());
            b.b64data = c.getB64Data();
            b.skipHistory = c.getSkipHistory();
            b.tags = c.getTagsCount() == 0 ? null : Map.copyOf(c.getTagsMap());
            b.idempotencyKey = c.getIdempotencyKey();
            b.delta = c.getDelta();
        });
    }

    private static ProxyDecision rpc(ProxyProtocol.RPCResponse r) throws PayloadException {
        return decide(envelope(r.hasDisconnect(), r.getDisconnect(), r.hasError(), r.getError()), r.hasResult(), b -> {
            b.data = array(r.getResult().getData());
            b.b64data = r.getResult().getB64Data();
        });
    }

    private static ProxyDecision subRefresh(ProxyProtocol.SubRefreshResponse r) throws PayloadException {
        return decide(envelope(r.hasDisconnect(), r.getDisconnect(), r.hasError(), r.getError()), r.hasResult(), b -> {
            ProxyProtocol.SubRefreshResult c = r.getResult();
            b.expired = c.getExpired();
            b.expireAt = c.getExpireAt();
            b.info = array(c.getInfo());
            b.b64info = c.getB64Info();
        });
    }

    /** Fills a result builder from one event's result message. */
    @FunctionalInterface
    private interface ResultReader {
        void read(ResultBuilder b) throws PayloadException;
    }

    /** The envelope's disconnect or error wins; without a result the backend allowed with nothing to add. */
    private static ProxyDecision decide(ProxyDecision envelope, boolean hasResult, ResultReader reader)
            throws PayloadException {
        if (envelope != null) {
            return envelope;
        }
        if (!hasResult) {
            return new ProxyDecision.Allowed(null);
        }
        ResultBuilder b = new ResultBuilder();
        reader.read(b);
        return new ProxyDecision.Allowed(b.build());
    }

    /** @return the disconnect or error of an answer, or {@code null} when it carries neither */
    private static ProxyDecision envelope(boolean hasDisconnect, ProxyProtocol.Disconnect disconnect, boolean hasError,
            ProxyProtocol.Error error) {
        if (hasDisconnect) {
            return new ProxyDecision.Disconnected(disconnect.getCode(), disconnect.getReason());
        }
        if (hasError) {
            return new ProxyDecision.Refused(new ProtocolError(error.getCode(), error.getMessage(),
                    error.getTemporary()));
        }
        return null;
    }

    private static ChannelOverride override(ProxyProtocol.SubscribeOptionOverride o) {
        return new ChannelOverride(o.hasPresence() ? o.getPresence().getValue() : null,
                o.hasJoinLeave() ? o.getJoinLeave().getValue() : null,
                o.hasForcePushJoinLeave() ? o.getForcePushJoinLeave().getValue() : null,
                o.hasForceRecovery() ? o.getForceRecovery().getValue() : null,
                o.hasForcePositioning() ? o.getForcePositioning().getValue() : null);
    }

    private static ByteString bytes(byte[] b) {
        return b == null ? ByteString.EMPTY : ByteString.copyFrom(b);
    }

    private static byte[] array(ByteString b) {
        return b.isEmpty() ? null : b.toByteArray();
    }
}
