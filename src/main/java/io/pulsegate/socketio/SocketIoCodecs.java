package io.pulsegate.socketio;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.pulsegate.config.PulsegateConfig;
import io.pulsegate.config.SocketIoConfig;
import io.pulsegate.protocol.json.JsonCodec;

/**
 * The Socket.IO codecs, one per configured namespace ({@code pulsegate.socketio.namespaces}), sharing the client
 * protocol's JSON limits, and what reads binary packets' headers.
 */
@ApplicationScoped
public class SocketIoCodecs {

    private final Map<String, SocketIoCodec> codecs = new LinkedHashMap<>();
    private final SocketIoCodec main;
    private final ObjectMapper mapper;

    @Inject
    public SocketIoCodecs(JsonCodec json, PulsegateConfig config) {
        SocketIoConfig io = config.socketio();
        Set<String> publish = Set.copyOf(io.publishEvents().orElse(List.of()));
        for (String name : io.namespaces()) {
            String namespace = name.startsWith("/") ? name : "/" + name;
            codecs.put(namespace, new SocketIoCodec(json.factory(), namespace, io.eventTag(), io.defaultEvent(),
                    io.connectionStateRecovery(), publish));
        }
        SocketIoCodec root = codecs.get(SocketIoPacket.DEFAULT_NAMESPACE);
        this.main = root != null ? root : codecs.values().iterator().next();
        this.mapper = new ObjectMapper(json.factory().copy());
    }

    /** @return the codec a new Engine.IO session's first client session starts with (until its CONNECT) */
    SocketIoCodec main() {
        return main;
    }

    boolean allowed(String namespace) {
        return codecs.containsKey(namespace);
    }

    /** @return the codec of a configured namespace */
    SocketIoCodec codec(String namespace) {
        return codecs.get(namespace);
    }

    /** @return a gatherer of one connection's binary attachments, up to {@code maxBytes} per packet */
    Attachments attachments(int maxBytes) {
        return new Attachments(mapper, maxBytes);
    }
}
