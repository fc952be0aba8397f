package io.pulsegate.protocol;

/** Wire formats of the client protocol. */
public enum ProtocolFormat {
    /** Newline-delimited JSON in text frames. */
    JSON,
    /** Varint-length-delimited Protobuf in binary frames (subprotocol {@code centrifuge-protobuf}). */
    PROTOBUF
}
