package io.pulsegate.client;

import io.pulsegate.protocol.Request;
import io.pulsegate.protocol.Result;
import io.pulsegate.proxy.ProxyEvent;
import io.pulsegate.proxy.ProxyRequest;
import io.pulsegate.proxy.ProxyResult;
import io.pulsegate.proxy.RpcRoute;
import io.smallrye.mutiny.Uni;

/**
 * The {@code rpc} command: the method's RPC namespace names a proxy, whose answer becomes the reply ({@code data}, an
 * application error, or a disconnect). Without a proxy: 108; a method of an unknown namespace: 104. Runs on the
 * connection's thread.
 */
final class RpcFlow {

    private final ClientSession session;

    RpcFlow(ClientSession session) {
        this.session = session;
    }

    Uni<Void> rpc(long id, Request.Rpc request) {
        RpcRoute route = session.ctx.proxies().rpc(request.method());
        if (route.endpoint() == null) {
            return session.replyError(id, route.error());
        }
        return session.onConnectionThread(route.endpoint().call(ProxyEvent.RPC, session.caller(),
                ProxyRequest.rpc(request.method(), request.data())))
                .chain(decision -> ProxyReplies.apply(session, id, decision, result -> reply(id, result)));
    }

    private Uni<Void> reply(long id, ProxyResult result) {
        return session.reply(id, new Result.Rpc(result == null ? null : result.data()));
    }
}
