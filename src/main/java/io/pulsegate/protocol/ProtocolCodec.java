package io.pulsegate.protocol;

import java.util.List;

/**
 * Encodes and decodes the client protocol for one wire format. Implementations are stateless and thread-safe; every
 * method may run on an event loop and must not block.
 */
public interface ProtocolCodec {

    /** @return the wire format this codec speaks */
    ProtocolFormat format();

    /**
     * Decodes one transport message holding one or more commands (a batch).
     *
     * @throws ProtocolException when the message is malformed or breaks a decoder limit
     */
    List<Command> decodeCommands(byte[] message) throws ProtocolException;

    /**
     * Encodes one reply, push or ping as a single item of a batch.
     *
     * @throws ProtocolException with {@link DisconnectCode#INAPPROPRIATE_PROTOCOL} when a payload cannot be represented
     *         in this format (binary data for JSON)
     */
    byte[] encodeReply(Reply reply) throws ProtocolException;

    /** Encodes a push bare, as unidirectional transports send it. */
    byte[] encodePush(Push push) throws ProtocolException;

    /** Joins encoded items into one transport message (JSON: {@code \n}-separated; Protobuf: concatenated). */
    byte[] join(List<byte[]> items);
}
