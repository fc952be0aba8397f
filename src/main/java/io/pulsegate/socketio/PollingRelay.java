package io.pulsegate.socketio;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.pulsegate.config.PulsegateConfig;
import io.pulsegate.node.Node;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Long-polling without sticky sessions: a poll or a post that lands on a node other than the session's owner (the
 * node id leads the {@code sid}) is relayed to the owner over the control plane, and the owner's answer back. The
 * owner answers a relayed poll within a ping interval (with a noop if nothing waits), before the relaying node's own
 * deadline, so no answer is sent to a poll already given up.
 */
@ApplicationScoped
public class PollingRelay {

    static final String TOPIC = "socketio";
    private static final Logger LOG = Logger.getLogger(PollingRelay.class);
    private static final byte POLL = 'g';
    private static final byte POST = 'p';
    private static final byte ANSWER = 'a';

    /** The owner's answer to a relayed poll. @param status 0 packets, 1 unknown session, 3 bad request */
    record Answer(int status, String payload) {}

    private final Map<Long, Consumer<Answer>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    @Inject
    Node node;
    @Inject
    EngineSessions sessions;
    @Inject
    Vertx vertx;
    @Inject
    PulsegateConfig config;
    @Inject
    SocketIoMetrics metrics;

    void start(@Observes @Priority(3000) StartupEvent event) {
        if (config.socketio().enabled()) {
            node.control().onRelay(TOPIC, this::onRelay);
        }
    }

    /** @return the node owning {@code sid}, or {@code null} for a sid not made by a node */
    static String owner(String sid) {
        int dot = sid.indexOf('.');
        return dot > 0 ? sid.substring(0, dot) : null;
    }

    /**
     * Relays a poll to the owner; {@code answer} gets its answer. Without one by the deadline: a noop when the owner
     * is a known node (the client polls again), else status 1, unknown session (the client starts over).
     */
    void poll(String owner, String sid, Consumer<Answer> answer) {
        metrics.relayed(true);
        long id = ids.incrementAndGet();
        pending.put(id, answer);
        boolean[] known = {false};
        long deadline = Math.max(1000, sessions.pingIntervalMillis() + sessions.pingTimeoutMillis());
        vertx.setTimer(deadline, t -> giveUp(id, known[0]
                ? new Answer(0, String.valueOf((char) EnginePackets.NOOP))
                : new Answer(1, "")));
        node.control().relay(owner, TOPIC, encode(POLL, sid, id, node.id(), null)).subscribe().with(
                k -> known[0] = k, failure -> giveUp(id, new Answer(1, "")));
    }

    private void giveUp(long id, Answer answer) {
        Consumer<Answer> late = pending.remove(id);
        if (late != null) {
            late.accept(answer);
        }
    }

    /** Relays posted packets to the owner. @param done {@code false} when they could not be sent */
    void post(String owner, String sid, byte[] payload, Consumer<Boolean> done) {
        metrics.relayed(false);
        node.control().relay(owner, TOPIC, encode(POST, sid, 0, "", payload)).subscribe().with(known -> done.accept(
                true), failure -> done.accept(false));
    }

    /** Abandons a relayed poll whose client left. */
    void cancel(Consumer<Answer> answer) {
        pending.values().remove(answer);
    }

    private void onRelay(byte[] message) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(message))) {
            byte type = in.readByte();
            if (type == ANSWER) {
                long id = in.readLong();
                int status = in.readByte();
                Consumer<Answer> answer = pending.remove(id);
                String payload = new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
                if (answer != null) {
                    answer.accept(new Answer(status, payload));
                }
                return;
            }
            String sid = in.readUTF();
            long id = in.readLong();
            String replyTo = in.readUTF();
            byte[] payload = in.readNBytes(in.readInt());
            EngineSession engine = sessions.find(sid);
            if (type == POST && engine != null) {
                EnginePackets.split(payload, (from, to) -> engine.receive(Arrays.copyOfRange(payload, from, to)));
            } else if (type == POLL) {
                held(engine, id, replyTo);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("undecodable socket.io relay message: %s", e.toString());
        }
    }

    /** A relayed poll at the owner: held like a local one, answered through the control plane. */
    private void held(EngineSession engine, long id, String replyTo) {
        if (engine == null) {
            answer(replyTo, id, 1, "");
            return;
        }
        Poll poll = new Poll() {
            @Override
            public void answer(String payload, Consumer<Boolean> done) {
                node.control().relay(replyTo, TOPIC, encodeAnswer(id, 0, payload)).subscribe().with(done::accept,
                        failure -> done.accept(false));
            }

            @Override
            public void onGone(Runnable gone) {
                // the relaying node answers its client itself when it gives up
            }
        };
        engine.execute(() -> {
            if (!(engine.channel() instanceof PollingChannel channel) || !channel.poll(poll)) {
                answer(replyTo, id, 3, "");
                return;
            }
            vertx.setTimer(Math.max(1, sessions.pingIntervalMillis() / 2),
                    t -> engine.execute(() -> channel.expire(poll)));
        });
    }

    private void answer(String replyTo, long id, int status, String payload) {
        node.control().relay(replyTo, TOPIC, encodeAnswer(id, status, payload)).subscribe().with(ok -> {
        }, failure -> {
        });
    }

    private static byte[] encode(byte type, String sid, long id, String replyTo, byte[] payload) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + (payload == null ? 0 : payload.length));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(type);
            out.writeUTF(sid);
            out.writeLong(id);
            out.writeUTF(replyTo);
            out.writeInt(payload == null ? 0 : payload.length);
            if (payload != null) {
                out.write(payload);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] encodeAnswer(long id, int status, String payload) {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + body.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(ANSWER);
            out.writeLong(id);
            out.writeByte(status);
            out.writeInt(body.length);
            out.write(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }
}
