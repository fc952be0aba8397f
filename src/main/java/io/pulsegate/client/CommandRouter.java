package io.pulsegate.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

import io.pulsegate.protocol.Command;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ErrorCode;
import io.pulsegate.protocol.Request;
import io.smallrye.mutiny.Uni;

/**
 * Runs one session's commands strictly in order: the command rate limit (111, then 3013), the checks every command
 * passes (an id, connect first), then the flow of its method. Runs on the connection's thread.
 */
final class CommandRouter {

    private final ClientSession session;
    private final TokenBucket bucket;
    private final SubscribeFlow subscribeFlow;
    private final ChannelCommands channelCommands;
    private final ConnectFlow connectFlow;
    private final RpcFlow rpcFlow;
    private int rateViolations;

    CommandRouter(ClientSession session, SubscribeFlow subscribeFlow) {
        this.session = session;
        this.bucket = new TokenBucket(session.config.commandRate(), session.config.commandBurst(), System.nanoTime());
        this.subscribeFlow = subscribeFlow;
        this.channelCommands = new ChannelCommands(session);
        this.connectFlow = new ConnectFlow(session, subscribeFlow);
        this.rpcFlow = new RpcFlow(session);
    }

    /** Processes commands in order; iterates while they complete synchronously, chains when one is asynchronous. */
    CompletionStage<Void> run(List<Command> commands) {
        return runFrom(commands, 0);
    }

    private CompletionStage<Void> runFrom(List<Command> commands, int start) {
        for (int i = start; i < commands.size(); i++) {
            CompletableFuture<Void> done = handleCommand(commands.get(i)).onFailure().recoverWithItem(session::internal)
                    .subscribeAsCompletionStage();
            if (!done.isDone()) {
                int next = i + 1;
                return done.thenCompose(v -> runFrom(commands, next));
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    private Uni<Void> handleCommand(Command command) {
        if (session.state() instanceof SessionState.Closed) {
            return ClientSession.done();
        }
        if (!rateAllows()) {
            if (command.id() > 0) {
                session.replyError(command.id(), ErrorCode.TOO_MANY_REQUESTS);
            }
            return ClientSession.done();
        }
        if (command.isPong()) {
            return ClientSession.done();
        }
        Request request = command.request();
        if (command.id() == 0 && !(request instanceof Request.Send)) {
            return session.badRequest("command without id");
        }
        if (request == null) {
            return session.state().isActive()
                    ? session.replyError(command.id(), ErrorCode.METHOD_NOT_FOUND)
                    : session.badRequest("no method");
        }
        if (!(request instanceof Request.Connect) && !session.state().isActive()) {
            return session.badRequest("command before connect");
        }
        session.ctx.metrics().command(Methods.name(request));
        return dispatch(command.id(), request);
    }

    private Uni<Void> dispatch(long id, Request request) {
        if (request instanceof Request.Connect r) {
            return connectFlow.connect(id, r);
        } else if (request instanceof Request.Subscribe r) {
            return subscribeFlow.subscribe(id, r);
        } else if (request instanceof Request.Unsubscribe r) {
            return subscribeFlow.unsubscribe(id, r.channel());
        } else if (request instanceof Request.Publish r) {
            return channelCommands.publish(id, r);
        } else if (request instanceof Request.Presence r) {
            return channelCommands.presence(id, r.channel());
        } else if (request instanceof Request.PresenceStats r) {
            return channelCommands.presenceStats(id, r.channel());
        } else if (request instanceof Request.History r) {
            return channelCommands.history(id, r);
        } else if (request instanceof Request.Refresh r) {
            return connectFlow.refresh(id, r.token());
        } else if (request instanceof Request.SubRefresh r) {
            return subscribeFlow.subRefresh(id, r);
        } else if (request instanceof Request.Rpc r) {
            return rpcFlow.rpc(id, r);
        } else if (request instanceof Request.Send) {
            return ClientSession.done();
        }
        // the v1 ping request is "not available"
        return session.replyError(id, ErrorCode.NOT_AVAILABLE);
    }

    private boolean rateAllows() {
        if (bucket.tryAcquire(System.nanoTime())) {
            if (rateViolations > 0 && ThreadLocalRandom.current().nextInt(8) == 0) {
                rateViolations--;
            }
            return true;
        }
        session.ctx.metrics().limitHit("command_rate");
        if (++rateViolations > session.config.commandRateViolations()) {
            session.disconnect(DisconnectCode.TOO_MANY_REQUESTS);
        }
        return false;
    }

}
