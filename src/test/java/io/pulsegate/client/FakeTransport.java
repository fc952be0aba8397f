package io.pulsegate.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;

import io.pulsegate.protocol.ProtocolCodec;
import io.pulsegate.protocol.json.JsonCodec;

/**
 * A transport that records what the session writes and runs "connection thread" tasks when the test says so, which
 * makes the session's ordering observable and deterministic.
 */
final class FakeTransport implements Transport {

    final List<String> messages = new ArrayList<>();
    final Queue<Runnable> tasks = new ArrayDeque<>();
    final ProtocolCodec codec = new JsonCodec();
    int closeCode = -1;
    String closeReason;
    String headerToken;
    final java.util.Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    boolean failWrites;
    boolean stalled;

    @Override
    public ProtocolCodec codec() {
        return codec;
    }

    @Override
    public boolean bidirectional() {
        return true;
    }

    @Override
    public Optional<String> handshakeToken() {
        return Optional.ofNullable(headerToken);
    }

    @Override
    public String name() {
        return "websocket";
    }

    @Override
    public List<String> header(String name) {
        return headers.getOrDefault(name, List.of());
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    @Override
    public void write(byte[] message, WriteCallback done) {
        messages.add(new String(message, StandardCharsets.UTF_8));
        if (!stalled) {
            done.completed(!failWrites);
        }
    }

    @Override
    public void close(int code, String reason) {
        closeCode = code;
        closeReason = reason;
    }

    /** Runs queued connection-thread tasks (flushes, timers) until none is left. */
    void runTasks() {
        for (int i = 0; i < 10_000 && !tasks.isEmpty(); i++) {
            tasks.poll().run();
        }
    }

    /** @return every protocol item written so far, split on the JSON batch separator */
    List<String> items() {
        List<String> items = new ArrayList<>();
        for (String m : messages) {
            for (String item : m.split("\n")) {
                items.add(item);
            }
        }
        return items;
    }
}
