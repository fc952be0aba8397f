package io.pulsegate.node;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.pulsegate.auth.OriginPolicy;
import io.pulsegate.config.PulsegateConfig;
import io.pulsegate.protocol.json.JsonCodec;
import io.pulsegate.protocol.protobuf.ProtobufCodec;
import io.pulsegate.transport.stream.UniCodec;

/**
 * Makes the stateless codecs and the origin allowlist injectable, one instance each: every transport shares them
 * (the hub's encode-once cache is keyed by codec instance, so one bare-push codec serves all unidirectional
 * connections).
 */
@ApplicationScoped
public class CodecProducer {

    @Produces
    @ApplicationScoped
    JsonCodec jsonCodec() {
        return new JsonCodec();
    }

    @Produces
    @ApplicationScoped
    ProtobufCodec protobufCodec() {
        return new ProtobufCodec();
    }

    /** Bare-push JSON framing of the unidirectional transports (uni_sse, uni_http_stream, uni_websocket). */
    @Produces
    @ApplicationScoped
    UniCodec uniJsonCodec(JsonCodec json) {
        return new UniCodec(json);
    }

    /** Browser origins allowed on every transport (WebSocket upgrade, SSE and HTTP streaming, emulation). */
    @Produces
    @ApplicationScoped
    OriginPolicy originPolicy(PulsegateConfig config) {
        return new OriginPolicy(config.client().allowedOrigins().orElse(List.of()),
                config.client().allowMissingOrigin());
    }
}
