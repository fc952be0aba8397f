package io.pulsegate.node;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.pulsegate.protocol.json.JsonCodec;
import io.pulsegate.protocol.protobuf.ProtobufCodec;

/** Makes the stateless codecs injectable. */
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
}
