package io.pulsegate.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import org.jboss.logging.Logger;

import io.pulsegate.Version;
import io.pulsegate.auth.ChannelPolicy;
import io.pulsegate.auth.ConnectionClaims;
import io.pulsegate.auth.SubClaim;
import io.pulsegate.auth.TokenException;
import io.pulsegate.protocol.ClientInfo;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ErrorCode;
import io.pulsegate.protocol.ProtocolError;
import io.pulsegate.protocol.Request;
import io.pulsegate.protocol.Result;
import io.pulsegate.proxy.ProxyDecision;
import io.pulsegate.proxy.ProxyEndpoint;
import io.pulsegate.proxy.ProxyEvent;
import io.pulsegate.proxy.ProxyRequest;
import io.pulsegate.proxy.ProxyResult;
import io.smallrye.mutiny.Uni;

/**
 * The {@code connect} and {@code refresh} commands: token verification or the connect proxy, limits, server-side
 * subscriptions and the connection expiry contract (expired token → error 109; invalid token → 3500; lapsed
 * connection → 3005).
 * Runs on the connection's thread.
 */
final class ConnectFlow {

    private static final Logger LOG = Logger.getLogger(ConnectFlow.class);

    private final ClientSession session;
    private final SubscribeFlow subscribeFlow;

    ConnectFlow(ClientSession session, SubscribeFlow subscribeFlow) {
        this.session = session;
        this.subscribeFlow = subscribeFlow;
    }

    Uni<Void> connect(long id, Request.Connect request) {
        if (!(session.state() instanceof SessionState.Connecting)) {
            return session.badRequest("repeated connect");
        }
        session.emulatedHeaders(request.headers());
        String token = request.token() == null || request.token().isEmpty()
                ? session.transport.handshakeToken().orElse("")
                : request.token();
        Optional<ProxyEndpoint> proxy = session.ctx.proxies().connect();
        if (proxy.isPresent() && (token.isEmpty() || session.ctx.proxies().connectAlways())) {
            return connectByProxy(id, request, proxy.get());
        }
        if (token.isEmpty() || (session.ctx.tokens() == null && session.config.insecure())) {
            if (!session.config.insecure() && !session.config.allowAnonymousConnectWithoutToken()) {
                LOG.debugf("connect without credentials client=%s", session.id);
                session.disconnect(DisconnectCode.BAD_REQUEST);
                return ClientSession.done();
            }
            return establish(id, request, ConnectionClaims.anonymous(), null);
        }
        if (session.ctx.tokens() == null) {
            session.disconnect(DisconnectCode.INVALID_TOKEN);
            return ClientSession.done();
        }
        return session.onConnectionThread(session.ctx.tokens().verifyConnection(token))
                .onItemOrFailure().transformToUni((claims, failure) -> failure == null
                        ? establish(id, request, claims, null)
                        : tokenFailure(id, failure, ErrorCode.TOKEN_EXPIRED));
    }

    /** The connect proxy decides who the client is (cookie session, API key, …) instead of a token. */
    private Uni<Void> connectByProxy(long id, Request.Connect request, ProxyEndpoint proxy) {
        List<String> channels = request.subs() == null ? List.of() : List.copyOf(request.subs().keySet());
        ProxyRequest call = ProxyRequest.connect(request.data(), request.name(), request.version(), channels);
        return session.onConnectionThread(proxy.call(ProxyEvent.CONNECT, session.caller(), call))
                .chain(decision -> {
                    if (decision instanceof ProxyDecision.Allowed a) {
                        return granted(id, request, a.result());
                    } else if (decision instanceof ProxyDecision.Refused r) {
                        return connectError(id, r.error());
                    } else if (decision instanceof ProxyDecision.Disconnected d) {
                        session.disconnect(d.code(), d.reason());
                        return ClientSession.done();
                    }
                    return connectError(id, ProxyDecision.TEMPORARY);
                });
    }

    /**
     * A backend result without credentials connects anonymously where that is allowed, else closes with 3501; an
     * {@code expire_at} in the past answers 110, as in Centrifugo.
     */
    private Uni<Void> granted(long id, Request.Connect request, ProxyResult result) {
        if (result == null) {
            if (session.config.insecure() || session.config.allowAnonymousConnectWithoutToken()) {
                return establish(id, request, ConnectionClaims.anonymous(), null);
            }
            LOG.debugf("connect proxy returned no credentials client=%s", session.id);
            session.disconnect(DisconnectCode.BAD_REQUEST);
            return ClientSession.done();
        }
        if (!session.config.insecure() && result.expireAt() > 0 && result.expireAt() <= session.ctx.nowSeconds()) {
            return connectError(id, ProtocolError.of(ErrorCode.EXPIRED));
        }
        return establish(id, request, new ConnectionClaims(result.user(), result.expireAt(), result.info(),
                result.channels(), result.subs(), result.meta()), result.data());
    }

    /**
     * A connect error: a reply on bidirectional transports; unidirectional clients cannot read replies, so they get
     * the disconnect Centrifugo maps the error to (109 → 3005, 111 → 3013, 103 → 3507, else 3004).
     */
    private Uni<Void> connectError(long id, ProtocolError error) {
        if (session.transport.bidirectional()) {
            return session.replyError(id, error);
        }
        session.ctx.metrics().error(error.code());
        session.disconnect(switch (error.code()) {
            case 109 -> DisconnectCode.EXPIRED;
            case 111 -> DisconnectCode.TOO_MANY_REQUESTS;
            case 103 -> DisconnectCode.PERMISSION_DENIED;
            default -> DisconnectCode.INTERNAL;
        });
        return ClientSession.done();
    }

    Uni<Void> refresh(long id, String token) {
        if (session.expiry.serverSide()) {
            // the refresh proxy decides; the token, if any, is not the gateway's to check
            return session.onConnectionThread(session.expiry.refresh()).chain(decision -> session.expiry.apply(
                    decision)
                            ? session.reply(id, new Result.Refresh(session.id, Version.VALUE, false, 0))
                            : ClientSession.done());
        }
        if (token == null || token.isEmpty() || session.ctx.tokens() == null) {
            return session.replyError(id, ErrorCode.BAD_REQUEST);
        }
        return session.onConnectionThread(session.ctx.tokens().verifyConnection(token))
                .onItemOrFailure().transformToUni((claims, failure) -> {
                    if (failure != null) {
                        return tokenFailure(id, failure, null);
                    }
                    if (!claims.user().equals(session.user())) {
                        session.disconnect(DisconnectCode.INVALID_TOKEN);
                        return ClientSession.done();
                    }
                    long expireAt = session.config.insecure() ? 0 : claims.expireAt();
                    long now = session.ctx.nowSeconds();
                    if (expireAt > 0 && expireAt <= now) {
                        session.disconnect(DisconnectCode.EXPIRED);
                        return ClientSession.done();
                    }
                    session.refreshed(expireAt);
                    return session.reply(id, new Result.Refresh(session.id, Version.VALUE, expireAt > 0,
                            ttl(expireAt, now)));
                });
    }

    /**
     * Expired tokens get error 109 on connect (the SDK then asks for a fresh token) and 3005 on refresh; anything
     * else is an invalid token: close 3500.
     *
     * @param expiredError error to reply for an expired token, or {@code null} to disconnect with 3005 instead
     */
    private Uni<Void> tokenFailure(long id, Throwable failure, ErrorCode expiredError) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        if (cause instanceof TokenException te && te.reason() == TokenException.Reason.EXPIRED) {
            if (expiredError != null) {
                return connectError(id, ProtocolError.of(expiredError));
            }
            session.disconnect(DisconnectCode.EXPIRED);
            return ClientSession.done();
        }
        if (!(cause instanceof TokenException te) || te.reason() == TokenException.Reason.UNAVAILABLE) {
            // keys could not be fetched (JWKS down): a temporary error, so SDKs retry instead of giving up
            LOG.warnf("token verification unavailable client=%s: %s", session.id, cause.toString());
            return expiredError == null
                    ? session.replyError(id, ClientSession.TEMPORARY_INTERNAL)
                    : connectError(id, ClientSession.TEMPORARY_INTERNAL);
        }
        LOG.debugf("invalid token client=%s: %s", session.id, cause.getMessage());
        session.disconnect(DisconnectCode.INVALID_TOKEN);
        return ClientSession.done();
    }

    /** @param data connect data for the reply (from the connect proxy), or {@code null} */
    private Uni<Void> establish(long id, Request.Connect request, ConnectionClaims claims, byte[] data) {
        long now = session.ctx.nowSeconds();
        long expireAt = session.config.insecure() ? 0 : claims.expireAt();
        if (expireAt > 0 && expireAt <= now) {
            return connectError(id, ProtocolError.of(ErrorCode.TOKEN_EXPIRED));
        }
        if (!session.ctx.registry().register(session, claims.user(), session.config.connectionLimit(),
                session.config.userConnectionLimit())) {
            session.ctx.metrics().limitHit("connections");
            session.disconnect(DisconnectCode.CONNECTION_LIMIT);
            return ClientSession.done();
        }
        session.connected(new ClientInfo(claims.user(), session.id, claims.info(), null), expireAt, claims.meta());
        Map<String, SubClaim> serverSide = serverSideChannels(claims);
        Map<String, Request.Subscribe> hints = request.subs() == null ? Map.of() : request.subs();
        return subscribeFlow.subscribeServerSide(serverSide, hints).invoke(results -> {
            Map<String, Result.Subscribe> subs = new LinkedHashMap<>();
            results.forEach(r -> subs.put(r.channel(), r.result()));
            boolean bidi = session.transport.bidirectional();
            // uni streams report the client id as session; emulation reports its secret session id and this node
            String emulation = session.transport.emulationSession();
            String sessionId = emulation != null ? emulation : bidi ? "" : session.id;
            String node = emulation != null ? session.ctx.nodeId() : "";
            long ping = session.config.pingInterval().toSeconds();
            // with a refresh proxy the gateway refreshes the connection itself: the client must not
            boolean expires = expireAt > 0 && !session.expiry.serverSide();
            session.reply(id, new Result.Connect(session.id, Version.VALUE, expires, expires ? ttl(expireAt, now) : 0,
                    data, subs.isEmpty() ? null : subs, Math.max(ping, 0), bidi && session.config.pongTimeout()
                            .toMillis() > 0,
                    sessionId, node));
            subscribeFlow.activateAll(results);
        }).replaceWithVoid();
    }

    private Map<String, SubClaim> serverSideChannels(ConnectionClaims claims) {
        Map<String, SubClaim> channels = new LinkedHashMap<>();
        claims.channels().forEach(c -> channels.put(c, SubClaim.EMPTY));
        channels.putAll(claims.subs());
        if (session.config.subscribeToUserPersonalChannel() && !claims.user().isEmpty()) {
            String personal = ChannelPolicy.personalChannel(session.config.personalChannelNamespace().orElse(""),
                    claims.user());
            channels.putIfAbsent(personal, SubClaim.EMPTY);
        }
        return channels;
    }

    private static long ttl(long expireAt, long now) {
        return expireAt > 0 ? Math.max(1, expireAt - now) : 0;
    }
}
