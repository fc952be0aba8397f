package io.pulsegate.socketio;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import io.pulsegate.client.Transport.WriteCallback;

/**
 * Engine.IO HTTP long-polling: packets wait here until the client's next {@code GET}, which takes all of them joined
 * by the record separator. One poll may be held at a time; the heartbeat's pings guarantee it is answered within a
 * ping interval. Writers are told their packets left once a poll carried them, so a client that stops polling
 * backs the session's queue up like a slow socket.
 */
final class PollingChannel implements EngineChannel {

    static final String CONTENT_TYPE = "text/plain; charset=UTF-8";
    private final ArrayDeque<String> buffer = new ArrayDeque<>();
    private final List<WriteCallback> waiting = new ArrayList<>();
    private Poll poll;
    private boolean closed;

    /** A {@code GET}: answered now when packets wait, else held. @return false for a second concurrent poll */
    boolean poll(Poll incoming) {
        if (poll != null) {
            return false;
        }
        poll = incoming;
        incoming.onGone(() -> {
            if (poll == incoming) {
                poll = null;
            }
        });
        flush();
        return true;
    }

    /** A relayed poll still held after its time: answered with a noop, before the relaying node gives up on it. */
    void expire(Poll held) {
        if (poll == held && buffer.isEmpty()) {
            buffer.add(String.valueOf((char) EnginePackets.NOOP));
            flush();
        }
    }

    @Override
    public void send(List<String> packets, WriteCallback done) {
        buffer.addAll(packets);
        waiting.add(done);
        flush();
    }

    private void flush() {
        if (poll == null || buffer.isEmpty()) {
            return;
        }
        String payload = String.join(String.valueOf((char) EnginePackets.SEPARATOR), buffer);
        buffer.clear();
        List<WriteCallback> done = List.copyOf(waiting);
        waiting.clear();
        Poll answered = poll;
        poll = null;
        answered.answer(payload, ok -> done.forEach(d -> d.completed(ok)));
    }

    /** The client probes a WebSocket and will upgrade: a held poll returns with a noop, so it can pause. */
    void pauseForUpgrade() {
        if (poll != null && buffer.isEmpty()) {
            buffer.add(String.valueOf((char) EnginePackets.NOOP));
            flush();
        }
    }

    /** @return the packets still waiting, with their writers' callbacks, which move to the upgraded channel */
    List<String> drain(List<WriteCallback> callbacks) {
        List<String> packets = new ArrayList<>(buffer);
        buffer.clear();
        callbacks.addAll(waiting);
        waiting.clear();
        return packets;
    }

    @Override
    public void close(int code, String reason) {
        if (closed) {
            return;
        }
        closed = true;
        buffer.add(String.valueOf((char) EnginePackets.CLOSE));
        flush();
    }

    boolean closed() {
        return closed;
    }

    @Override
    public String name() {
        return "polling";
    }
}
