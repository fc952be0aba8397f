package io.pulsegate.transport.stream;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import io.pulsegate.client.ClientSession;
import io.pulsegate.client.Transport;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolCodec;
import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.protocol.Push;
import io.pulsegate.protocol.PushBody;
import io.pulsegate.protocol.Reply;
import io.pulsegate.transport.SerialInbox;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * {@link Transport} over one streaming HTTP response (SSE or HTTP streaming, unidirectional or emulation). The
 * response starts lazily with the first message, so a connect that fails before it (bad token, limits) still answers
 * a plain HTTP status ({@link StreamHttp#refusal}). Writes complete when the socket took the bytes, so a reader that
 * stops reading fills the session's outbound budget and is disconnected like a slow WebSocket reader.
 *
 * <p>
 * Threading: everything runs on the request's event loop ({@link #execute}); emulation commands from
 * {@code POST /emulation} are queued and handed to the session one message at a time.
 */
final class StreamTransport implements Transport {

    private static final int MAX_INBOX = 64;
    private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpServerResponse response;
    private final MultiMap requestHeaders;
    private final Context context;
    private final ProtocolCodec codec;
    private final boolean bidirectional;
    private final Framing framing;
    private final StreamSettings settings;
    private final GzipEncoder gzip;
    private final SsePositions positions;
    private final String emulationSession;
    private final Optional<String> token;
    private final SerialInbox inbox = new SerialInbox(this, MAX_INBOX);
    private ClientSession session;
    private boolean started;
    private boolean ended;
    private boolean finished;
    private long heartbeatTimer = -1;
    private long lastWriteNanos = System.nanoTime();

    /** @param requestHeaders headers of the request that opened the stream, forwarded to backend proxies */
    StreamTransport(HttpServerResponse response, MultiMap requestHeaders, Context context, ProtocolCodec codec,
            StreamOptions options, StreamSettings settings, Optional<String> token) {
        this.response = response;
        this.requestHeaders = requestHeaders;
        this.context = context;
        this.codec = codec;
        this.bidirectional = options.emulation();
        this.framing = options.framing();
        this.settings = settings;
        this.gzip = options.gzip() ? new GzipEncoder(settings.config().gzipLevel()) : null;
        this.positions = options.trackPositions() ? new SsePositions() : null;
        this.emulationSession = options.emulation() ? java.util.UUID.randomUUID().toString() : null;
        this.token = token;
    }

    /** Binds the session and the response's end of life to it. */
    void attach(ClientSession session) {
        this.session = session;
        if (emulationSession != null) {
            inbox.handleWith(session::handleMessage, () -> session.disconnect(DisconnectCode.TOO_MANY_REQUESTS));
            settings.node().registerEmulation(emulationSession, inbox::add);
        }
        response.closeHandler(v -> finished());
        response.exceptionHandler(e -> finished());
    }

    @Override
    public ProtocolCodec codec() {
        return codec;
    }

    @Override
    public boolean bidirectional() {
        return bidirectional;
    }

    @Override
    public Optional<String> handshakeToken() {
        return token;
    }

    @Override
    public String name() {
        if (framing == Framing.SSE) {
            return bidirectional ? "sse" : "uni_sse";
        }
        return bidirectional ? "http_stream" : "uni_http_stream";
    }

    @Override
    public List<String> header(String name) {
        return requestHeaders.getAll(name);
    }

    @Override
    public String emulationSession() {
        return emulationSession;
    }

    @Override
    public void execute(Runnable task) {
        context.runOnContext(v -> task.run());
    }

    @Override
    public void write(byte[] message, WriteCallback done) {
        if (ended || response.closed()) {
            done.completed(false);
            return;
        }
        start();
        send(frame(message), done);
    }

    @Override
    public void close(int code, String reason) {
        if (ended || response.closed()) {
            finished();
            return;
        }
        if (!started) {
            StreamHttp.Refusal refusal = StreamHttp.refusal(code);
            if (refusal == StreamHttp.Refusal.OVERLOAD) {
                ended = true;
                settings.metrics().limitHit("stream_overload");
                StreamHttp.overload(response, framing, settings.config().overloadRetry().toMillis());
                finished();
                return;
            }
            if (refusal != StreamHttp.Refusal.STREAM) {
                ended = true;
                response.setStatusCode(StreamHttp.status(refusal)).end();
                finished();
                return;
            }
            start();
        }
        try {
            Push push = new Push("", new PushBody.Disconnect(code, reason));
            byte[] item = bidirectional ? codec.encodeReply(Reply.push(push)) : codec.encodePush(push);
            send(frame(item), ok -> {
            });
        } catch (ProtocolException e) {
            // cannot happen for a disconnect push; end the stream anyway
        }
        end();
    }

    private void start() {
        if (started) {
            return;
        }
        started = true;
        response.setStatusCode(200).setChunked(true).putHeader("Content-Type", framing.contentType)
                .putHeader("Cache-Control", "private, no-cache, no-store, must-revalidate, max-age=0")
                .putHeader("Pragma", "no-cache").putHeader("Expires", "0").putHeader("X-Accel-Buffering", "no");
        if (gzip != null) {
            response.putHeader("Content-Encoding", "gzip");
            response.headers().add("Vary", "Accept-Encoding");
        }
        long interval = settings.config().heartbeatInterval().toMillis();
        if (framing == Framing.SSE && interval > 0) {
            heartbeatTimer = context.owner().setPeriodic(interval, t -> heartbeat(interval));
        }
    }

    /** A comment line when nothing was written for a whole interval, for proxies that drop idle connections. */
    private void heartbeat(long intervalMillis) {
        if (!ended && System.nanoTime() - lastWriteNanos >= intervalMillis * 900_000L) {
            send(HEARTBEAT, ok -> {
            });
        }
    }

    private byte[] frame(byte[] message) {
        return switch (framing) {
            case SSE -> sseEvents(message);
            case LINES -> {
                byte[] out = java.util.Arrays.copyOf(message, message.length + 1);
                out[message.length] = '\n';
                yield out;
            }
            case BINARY -> message;
        };
    }

    /** One event per item: JSON never contains a raw line break, so {@code \n} separates the joined items. */
    private byte[] sseEvents(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 16);
        int start = 0;
        for (int i = 0; i <= message.length; i++) {
            if (i == message.length || message[i] == '\n') {
                byte[] item = java.util.Arrays.copyOfRange(message, start, i);
                if (positions != null && positions.observe(item)) {
                    String id = positions.id();
                    // an id the browser could not send back within our cap would only be refused on resume
                    out.writeBytes(("id: " + (id.length() <= settings.config().lastEventIdMaxLength() ? id : "")
                            + "\n").getBytes(StandardCharsets.UTF_8));
                }
                out.writeBytes("data: ".getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(item);
                out.writeBytes("\n\n".getBytes(StandardCharsets.US_ASCII));
                if (positions != null) {
                    for (String channel : positions.takeUnrecovered()) {
                        settings.metrics().limitHit("resume_gap");
                        out.writeBytes(("event: resync\ndata: {\"channel\":" + Json.quote(channel) + "}\n\n")
                                .getBytes(StandardCharsets.UTF_8));
                    }
                }
                start = i + 1;
            }
        }
        return out.toByteArray();
    }

    private void send(byte[] bytes, WriteCallback done) {
        byte[] wire = gzip != null ? gzip.encode(bytes) : bytes;
        settings.metrics().sent(wire.length);
        lastWriteNanos = System.nanoTime();
        response.write(Buffer.buffer(wire), ar -> done.completed(ar.succeeded()));
    }

    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (gzip != null) {
            response.end(Buffer.buffer(gzip.finish()));
        } else {
            response.end();
        }
        finished();
    }

    /** The response is over (ended by us or closed by the peer): release everything once. */
    private void finished() {
        if (finished) {
            return;
        }
        finished = true;
        ended = true;
        if (heartbeatTimer >= 0) {
            context.owner().cancelTimer(heartbeatTimer);
        }
        if (gzip != null) {
            gzip.release();
        }
        if (emulationSession != null) {
            settings.node().unregisterEmulation(emulationSession);
        }
        inbox.close();
        if (session != null) {
            settings.node().sessionClosed(session);
        }
    }
}
