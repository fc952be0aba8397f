package io.pulsegate.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

class ControlMessageRelayTest {

    @Test
    void aRelayRoundTrips() throws IOException {
        byte[] payload = {0, 1, 2, (byte) 0xff};
        ControlMessage.Relay decoded = (ControlMessage.Relay) ControlMessage.decode(ControlMessage.encode(
                new ControlMessage.Relay("node-a", "socketio", payload)));
        assertEquals("node-a", decoded.node());
        assertEquals("socketio", decoded.topic());
        assertArrayEquals(payload, decoded.payload());
    }

    @Test
    void aRelayWithACorruptLengthIsRefusedWithoutAllocatingIt() {
        byte[] encoded = ControlMessage.encode(new ControlMessage.Relay("n", "t", new byte[0]));
        ByteBuffer.wrap(encoded).putInt(encoded.length - 4, Integer.MAX_VALUE);
        assertThrows(IOException.class, () -> ControlMessage.decode(encoded));
    }
}
