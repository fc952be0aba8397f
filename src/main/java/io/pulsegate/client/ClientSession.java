package io.pulsegate.client;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;

import io.pulsegate.config.ClientConfig;
import io.pulsegate.hub.Subscriber;
import io.pulsegate.protocol.ClientInfo;
import io.pulsegate.protocol.Command;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ErrorCode;
import io.pulsegate.protocol.ProtocolCodec;
import io.pulsegate.protocol.ProtocolError;
import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.protocol.Push;
import io.pulsegate.protocol.PushBody;
import io.pulsegate.protocol.Reply;
import io.pulsegate.protocol.Request;
import io.pulsegate.protocol.Result;
import io.smallrye.mutiny.Uni;

/**
 * One client connection's protocol state machine (see {@link SessionState}), independent of the transport. It decodes
 * commands, processes them strictly in order, and queues replies and pushes to a bounded {@link OutboundQueue}.
 *
 * <p>
 * Threading: {@link #handleMessage} and timer tasks run on the connection's thread, one at a time; the next message is
 * not handled before the previous one completed. Hub deliveries ({@link Subscriber} methods) arrive on any thread and
 * only touch thread-safe parts (subscriptions, queue). Nothing here blocks.
 */
public final class ClientSession implements Subscriber {

    private static final Logger LOG = Logger.getLogger(ClientSession.class);

    /** Error 100 marked temporary: the SDK retries with backoff (engine or key-server outage). */
    static final ProtocolError TEMPORARY_INTERNAL = new ProtocolError(ErrorCode.INTERNAL.code(),
            ErrorCode.INTERNAL.message(), true);

    final String id = UUID.randomUUID().toString();
    final SessionContext ctx;
    final ClientConfig config;
    final Transport transport;
    final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final OutboundQueue queue;
    private final TokenBucket bucket;
    private final SubscribeFlow subscribeFlow;
    private final ChannelCommands channelCommands;
    private final ConnectFlow connectFlow;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile SessionState state = new SessionState.Connecting();
    private volatile ClientInfo clientInfo;
    private int rateViolations;
    private volatile long lastSeenNanos = System.nanoTime();
    private long staleTimer = -1;
    private long pingTimer = -1;
    private long expiryTimer = -1;

    public ClientSession(Transport transport, SessionContext ctx) {
        this.transport = transport;
        this.ctx = ctx;
        this.config = ctx.config();
        this.queue = new OutboundQueue(transport, config.queueMaxSize(), ctx.metrics()::deliveryLatency);
        this.bucket = new TokenBucket(config.commandRate(), config.commandBurst(), System.nanoTime());
        this.subscribeFlow = new SubscribeFlow(this);
        this.channelCommands = new ChannelCommands(this);
        this.connectFlow = new ConnectFlow(this, subscribeFlow);
    }

    /** Starts the stale timer: a connection that does not send {@code connect} in time is closed with 3502. */
    public void start() {
        staleTimer = schedule(config.staleCloseDelay().toMillis(), () -> {
            if (state instanceof SessionState.Connecting) {
                disconnect(DisconnectCode.STALE);
            }
        });
    }

    /** @return the connection id sent to the client as {@code client} */
    public String id() {
        return id;
    }

    /** @return the user id, {@code ""} before connect or when anonymous */
    public String user() {
        ClientInfo info = clientInfo;
        return info == null ? "" : info.user();
    }

    public SessionState state() {
        return state;
    }

    @Override
    public ProtocolCodec codec() {
        return transport.codec();
    }

    /**
     * Handles one transport message (a batch of commands). Runs on the connection's thread; the returned Uni completes
     * when every command of the batch was processed. Never fails.
     */
    public Uni<Void> handleMessage(byte[] message) {
        ctx.metrics().received(message.length);
        lastSeenNanos = System.nanoTime();
        if (state instanceof SessionState.Closed) {
            return Uni.createFrom().voidItem();
        }
        List<Command> commands;
        try {
            commands = transport.codec().decodeCommands(message);
        } catch (ProtocolException e) {
            LOG.debugf("bad request client=%s user=%s reason=%s", id, user(), e.getMessage());
            disconnect(e.disconnect());
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().completionStage(() -> runFrom(commands, 0));
    }

    /**
     * Handles commands a transport decoded itself (the connect request of a unidirectional stream). Same contract as
     * {@link #handleMessage}.
     */
    public Uni<Void> handleCommands(List<Command> commands) {
        lastSeenNanos = System.nanoTime();
        if (state instanceof SessionState.Closed) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().completionStage(() -> runFrom(commands, 0));
    }

    /** Processes commands in order; iterates while they complete synchronously, chains when one is asynchronous. */
    private CompletionStage<Void> runFrom(List<Command> commands, int start) {
        for (int i = start; i < commands.size(); i++) {
            CompletableFuture<Void> done = handleCommand(commands.get(i)).onFailure().recoverWithItem(this::internal)
                    .subscribeAsCompletionStage();
            if (!done.isDone()) {
                int next = i + 1;
                return done.thenCompose(v -> runFrom(commands, next));
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    private Void internal(Throwable failure) {
        LOG.warnf("internal error client=%s user=%s: %s", id, user(), failure.toString());
        LOG.debug("internal error detail", failure);
        disconnect(DisconnectCode.INTERNAL);
        return null;
    }

    private Uni<Void> handleCommand(Command command) {
        if (state instanceof SessionState.Closed) {
            return done();
        }
        if (!rateAllows()) {
            if (command.id() > 0) {
                replyError(command.id(), ErrorCode.TOO_MANY_REQUESTS);
            }
            return done();
        }
        if (command.isPong()) {
            return done();
        }
        Request request = command.request();
        if (command.id() == 0 && !(request instanceof Request.Send)) {
            return badRequest("command without id");
        }
        if (request == null) {
            return state.isActive() ? replyError(command.id(), ErrorCode.METHOD_NOT_FOUND) : badRequest("no method");
        }
        if (!(request instanceof Request.Connect) && !state.isActive()) {
            return badRequest("command before connect");
        }
        ctx.metrics().command(Methods.name(request));
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
        } else if (request instanceof Request.Send) {
            return done();
        }
        // rpc without a handler and the v1 ping request are "not available"
        return replyError(id, ErrorCode.NOT_AVAILABLE);
    }

    private boolean rateAllows() {
        if (bucket.tryAcquire(System.nanoTime())) {
            if (rateViolations > 0 && ThreadLocalRandom.current().nextInt(8) == 0) {
                rateViolations--;
            }
            return true;
        }
        ctx.metrics().limitHit("command_rate");
        if (++rateViolations > config.commandRateViolations()) {
            disconnect(DisconnectCode.TOO_MANY_REQUESTS);
        }
        return false;
    }

    // ---- state transitions used by the flows (connection thread) ----

    void connected(ClientInfo info, long expireAt) {
        this.clientInfo = info;
        this.state = new SessionState.Connected(info.user(), expireAt);
        cancel(staleTimer);
        ctx.metrics().connectionOpened();
        schedulePing(true);
        scheduleExpiry(expireAt);
    }

    void refreshed(long expireAt) {
        SessionState s = state;
        if (s instanceof SessionState.Connected c) {
            state = new SessionState.Connected(c.user(), expireAt);
        } else if (s instanceof SessionState.Draining d) {
            state = new SessionState.Draining(d.user(), expireAt);
        }
        scheduleExpiry(expireAt);
    }

    ClientInfo clientInfo() {
        return clientInfo;
    }

    // ---- replies ----

    Uni<Void> reply(long id, Result result) {
        enqueueReply(Reply.result(id, result));
        return done();
    }

    Uni<Void> replyError(long id, ErrorCode code) {
        return replyError(id, ProtocolError.of(code));
    }

    Uni<Void> replyError(long id, ProtocolError error) {
        ctx.metrics().error(error.code());
        enqueueReply(Reply.error(id, error));
        return done();
    }

    Uni<Void> badRequest(String why) {
        LOG.debugf("bad request client=%s user=%s reason=%s", id, user(), why);
        disconnect(DisconnectCode.BAD_REQUEST);
        return done();
    }

    /** Encodes and queues one reply or push; disconnects on encoding failure or a full queue. */
    void enqueueReply(Reply reply) {
        byte[] bytes;
        try {
            bytes = transport.codec().encodeReply(reply);
        } catch (ProtocolException e) {
            disconnect(e.disconnect());
            return;
        }
        enqueue(bytes, 0);
    }

    void enqueue(byte[] bytes, long publishedNanos) {
        if (!queue.offer(bytes, publishedNanos) && !closed.get()) {
            ctx.metrics().queueFull();
            disconnect(DisconnectCode.SLOW);
        }
    }

    /**
     * Continues on the connection's thread once {@code stage} completes: token verification may complete on an
     * HTTP-client thread (JWKS fetch), and session state is confined to the connection's thread.
     */
    <T> Uni<T> onConnectionThread(java.util.concurrent.CompletionStage<T> stage) {
        java.util.concurrent.CompletableFuture<T> future = stage.toCompletableFuture();
        Uni<T> uni = Uni.createFrom().completionStage(future);
        return future.isDone() ? uni : uni.emitOn(transport::execute);
    }

    static Uni<Void> done() {
        return Uni.createFrom().voidItem();
    }

    // ---- hub deliveries (any thread) ----

    @Override
    public void onPublication(String channel, byte[] frame, long offset, String epoch, long receivedNanos) {
        Subscription sub = subscriptions.get(channel);
        if (sub == null) {
            return;
        }
        if (sub.onPublication(frame, offset, epoch, receivedNanos, this::enqueue) == Subscription.Verdict.GAP) {
            disconnect(DisconnectCode.INSUFFICIENT_STATE);
        }
    }

    @Override
    public void onGap(String channel) {
        Subscription sub = subscriptions.get(channel);
        if (sub != null && sub.positioned) {
            disconnect(DisconnectCode.INSUFFICIENT_STATE);
        }
    }

    @Override
    public void onJoinLeave(String channel, byte[] frame) {
        Subscription sub = subscriptions.get(channel);
        if (sub != null && sub.pushJoinLeave) {
            enqueue(frame, 0);
        }
    }

    /** Sends an unsubscribe push for a server-initiated unsubscribe. */
    void pushUnsubscribe(String channel, int code, String reason) {
        enqueueReply(Reply.push(new Push(channel, new PushBody.Unsubscribe(code, reason))));
    }

    // ---- server API operations (any thread; run on the connection's thread) ----

    /** Server-side unsubscribe (push code 2000). */
    public void unsubscribeByServer(String channel) {
        transport.execute(() -> subscribeFlow.unsubscribeByServer(channel, 2000, "server unsubscribe"));
    }

    /** Server-side subscribe of a connected client (a {@code subscribe} push follows). */
    public void subscribeByServer(String channel) {
        transport.execute(() -> {
            if (state.isActive()) {
                subscribeFlow.subscribeByServer(channel).subscribe().with(ok -> {
                }, this::internal);
            }
        });
    }

    /** Keeps this connection's presence alive; called periodically by the node. */
    public void refreshPresence() {
        transport.execute(() -> {
            if (state.isActive()) {
                subscribeFlow.refreshPresence();
            }
        });
    }

    /** Server-side refresh: the connection now expires at {@code expireAt} (epoch seconds, 0 = never). */
    public void refreshByServer(long expireAt) {
        transport.execute(() -> {
            if (state.isActive()) {
                refreshed(expireAt);
            }
        });
    }

    // ---- lifecycle ----

    /**
     * Closes the connection with a disconnect code after queued messages were written. Any thread; idempotent.
     */
    @Override
    public void disconnect(DisconnectCode code) {
        disconnect(code.code(), code.reason());
    }

    /** Closes with an arbitrary code (server API {@code disconnect}). Any thread; idempotent. */
    public void disconnect(int code, String reason) {
        SessionState previous = close(code);
        if (previous == null) {
            return;
        }
        ctx.metrics().disconnect(code);
        LOG.debugf("disconnect client=%s user=%s code=%d reason=%s", id, user(), code, reason);
        queue.closeAfterFlush(code, reason);
        transport.execute(() -> cleanup(previous.isActive()));
    }

    /** The transport closed (client went away or close handshake finished). Idempotent. */
    public void onTransportClosed() {
        queue.abandon();
        SessionState previous = close(0);
        if (previous != null) {
            cleanup(previous.isActive());
        }
    }

    /** @return whether the session is closed (commands and deliveries are ignored) */
    boolean isClosed() {
        return closed.get();
    }

    /** Moves to Closed once; returns the previous state, or {@code null} when already closed. */
    private SessionState close(int code) {
        if (!closed.compareAndSet(false, true)) {
            return null;
        }
        SessionState previous = state;
        state = new SessionState.Closed(code);
        return previous;
    }

    /** Node shutdown: keep serving, then close with 3001 after {@code delayMillis}. */
    public void drain(long delayMillis) {
        SessionState s = state;
        if (s instanceof SessionState.Connected c) {
            state = new SessionState.Draining(c.user(), c.expireAt());
        }
        schedule(delayMillis, () -> disconnect(DisconnectCode.SHUTDOWN));
    }

    private void cleanup(boolean wasConnected) {
        cancel(staleTimer);
        cancel(pingTimer);
        cancel(expiryTimer);
        subscribeFlow.removeAll();
        if (wasConnected) {
            ctx.registry().unregister(this);
            ctx.metrics().connectionClosed();
        }
    }

    // ---- timers (connection thread) ----

    private void schedulePing(boolean first) {
        long interval = config.pingInterval().toMillis();
        if (interval <= 0) {
            return;
        }
        long delay = first ? interval / 2 + ThreadLocalRandom.current().nextLong(interval / 2 + 1) : interval;
        pingTimer = schedule(delay, this::ping);
    }

    private void ping() {
        if (!state.isActive()) {
            return;
        }
        long sentAt = System.nanoTime();
        enqueueReply(Reply.PING);
        long timeout = config.pongTimeout().toMillis();
        if (transport.bidirectional() && timeout > 0) {
            schedule(timeout, () -> {
                if (state.isActive() && lastSeenNanos < sentAt) {
                    disconnect(DisconnectCode.NO_PONG);
                }
            });
        }
        schedulePing(false);
    }

    private void scheduleExpiry(long expireAt) {
        cancel(expiryTimer);
        if (expireAt <= 0) {
            return;
        }
        long delay = Math.max(0, expireAt * 1000 - ctx.clock().millis()) + config.expiredCloseDelay().toMillis();
        expiryTimer = schedule(delay, () -> {
            SessionState s = state;
            long current = s instanceof SessionState.Connected c
                    ? c.expireAt()
                    : s instanceof SessionState.Draining d ? d.expireAt() : 0;
            if (current > 0 && current <= ctx.nowSeconds()) {
                disconnect(DisconnectCode.EXPIRED);
            }
        });
    }

    /** Schedules a task to run on the connection's thread. */
    long schedule(long delayMillis, Runnable task) {
        return ctx.scheduler().schedule(delayMillis, () -> transport.execute(task));
    }

    void cancel(long timer) {
        if (timer >= 0) {
            ctx.scheduler().cancel(timer);
        }
    }
}
