package io.pulsegate.socketio;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.pulsegate.config.PulsegateConfig;
import io.pulsegate.protocol.json.JsonCodec;

/** The Socket.IO codecs, one per namespace (only the default one so far), sharing the client protocol's JSON limits. */
@ApplicationScoped
public class SocketIoCodecs {

    private final SocketIoCodec main;

    @Inject
    public SocketIoCodecs(JsonCodec json, PulsegateConfig config) {
        this.main = new SocketIoCodec(json.factory(), SocketIoPacket.DEFAULT_NAMESPACE, config.socketio().eventTag(),
                config.socketio().defaultEvent(), config.socketio().connectionStateRecovery());
    }

    /** @return the codec of the default namespace {@code /} */
    SocketIoCodec main() {
        return main;
    }
}
