package io.pulsegate.client;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.pulsegate.config.ClientConfig;
import io.pulsegate.hub.Delivery;
import io.pulsegate.hub.Subscriber;
import io.pulsegate.protocol.ClientInfo;
import io.pulsegate.protocol.Command;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ErrorCode;
import io.pulsegate.protocol.ProtocolCodec;
import io.pulsegate.protocol.ProtocolError;
import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.protocol.ProtocolFormat;
import io.pulsegate.protocol.Push;
import io.pulsegate.protocol.PushBody;
import io.pulsegate.protocol.Reply;
import io.pulsegate.protocol.Result;
import io.pulsegate.proxy.Caller;
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
public final class ClientSession {

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
    /** This connection as the hub's receiver of channel traffic. */
    final Subscriber deliveries = new SessionDeliveries(this);
    private final SubscribeFlow subscribeFlow;
    private final CommandRouter router;
    private final Heartbeat heartbeat;
    final ConnectionExpiry expiry;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile SessionState state = new SessionState.Connecting();
    private volatile ClientInfo clientInfo;
    private volatile Caller caller;

    public ClientSession(Transport transport, SessionContext ctx) {
        this.transport = transport;
        this.ctx = ctx;
        this.config = ctx.config();
        this.queue = new OutboundQueue(transport, ctx.scheduler(), config.queueMaxSize(),
                config.minWriteInterval().toNanos(), ctx.metrics()::deliveryLatency);
        this.subscribeFlow = new SubscribeFlow(this);
        this.router = new CommandRouter(this, subscribeFlow);
        this.heartbeat = new Heartbeat(this);
        this.expiry = new ConnectionExpiry(this);
        this.caller = new Caller(id, transport.name(), transport.codec().format() == ProtocolFormat.PROTOBUF
                ? "protobuf"
                : "json", "", null, Caller.Headers.of(transport::header));
    }

    /** Starts the stale timer: a connection that does not send {@code connect} in time is closed with 3502. */
    public void start() {
        heartbeat.start();
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

    public ProtocolCodec codec() {
        return transport.codec();
    }

    /**
     * Handles one transport message (a batch of commands). Runs on the connection's thread; the returned Uni completes
     * when every command of the batch was processed. Never fails.
     */
    public Uni<Void> handleMessage(byte[] message) {
        ctx.metrics().received(message.length);
        heartbeat.seen();
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
        return Uni.createFrom().completionStage(() -> router.run(commands));
    }

    /**
     * Handles commands a transport decoded itself (the connect request of a unidirectional stream). Same contract as
     * {@link #handleMessage}.
     */
    public Uni<Void> handleCommands(List<Command> commands) {
        heartbeat.seen();
        if (state instanceof SessionState.Closed) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().completionStage(() -> router.run(commands));
    }

    Void internal(Throwable failure) {
        LOG.warnf("internal error client=%s user=%s: %s", id, user(), failure.toString());
        LOG.debug("internal error detail", failure);
        disconnect(DisconnectCode.INTERNAL);
        return null;
    }

    // ---- state transitions used by the flows (connection thread) ----

    /** @param meta server-side connection meta (token {@code meta}, connect proxy {@code meta}) or {@code null} */
    void connected(ClientInfo info, long expireAt, byte[] meta) {
        this.clientInfo = info;
        this.caller = caller.authenticated(info.user(), meta);
        this.state = new SessionState.Connected(info.user(), expireAt);
        ctx.metrics().connectionOpened();
        heartbeat.connected();
        expiry.schedule(expireAt);
    }

    void refreshed(long expireAt) {
        SessionState s = state;
        if (s instanceof SessionState.Connected c) {
            state = new SessionState.Connected(c.user(), expireAt);
        } else if (s instanceof SessionState.Draining d) {
            state = new SessionState.Draining(d.user(), expireAt);
        }
        expiry.schedule(expireAt);
    }

    /** The refresh proxy extended the connection, possibly with new connection info and meta. */
    void refreshedByBackend(long expireAt, byte[] info, byte[] meta) {
        if (info != null) {
            ClientInfo current = clientInfo;
            clientInfo = new ClientInfo(current.user(), current.client(), info, current.chanInfo());
        }
        if (meta != null) {
            caller = caller.authenticated(caller.user(), meta);
        }
        refreshed(expireAt);
    }

    ClientInfo clientInfo() {
        return clientInfo;
    }

    /** @return this connection as backend proxies see it */
    Caller caller() {
        return caller;
    }

    /** Keeps the headers the client sent in its connect command, when some proxy forwards them. */
    void emulatedHeaders(Map<String, String> headers) {
        if (ctx.proxies().keepsEmulatedHeaders()) {
            caller = new Caller(caller.client(), caller.transport(), caller.protocol(), caller.user(), caller.meta(),
                    caller.headers().withEmulated(headers));
        }
    }

    /** @return the connection's expiry in Unix seconds, 0 for none or when not connected */
    long expireAt() {
        SessionState s = state;
        return s instanceof SessionState.Connected c
                ? c.expireAt()
                : s instanceof SessionState.Draining d ? d.expireAt() : 0;
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
        enqueue(bytes);
    }

    void enqueue(byte[] bytes) {
        queued(queue.offer(bytes));
    }

    /** Queues a publication of one of this session's subscriptions (a {@link Subscription.Sink}). */
    void enqueue(Subscription sub, Delivery delivery) {
        queued(queue.offer(delivery, sub.deltaChain, sub.options.updates().batch()));
    }

    private void queued(boolean accepted) {
        if (!accepted && !closed.get()) {
            ctx.metrics().queueFull();
            disconnect(DisconnectCode.SLOW);
        }
    }

    /**
     * Continues on the connection's thread once {@code stage} completes: token verification may complete on an
     * HTTP-client thread (JWKS fetch), and session state is confined to the connection's thread.
     */
    <T> Uni<T> onConnectionThread(CompletionStage<T> stage) {
        CompletableFuture<T> future = stage.toCompletableFuture();
        Uni<T> uni = Uni.createFrom().completionStage(future);
        return future.isDone() ? uni : uni.emitOn(transport::execute);
    }

    static Uni<Void> done() {
        return Uni.createFrom().voidItem();
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
        heartbeat.stop();
        expiry.cancel();
        subscribeFlow.removeAll();
        if (wasConnected) {
            ctx.registry().unregister(this);
            ctx.metrics().connectionClosed();
        }
    }

    // ---- timers (connection thread) ----

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
