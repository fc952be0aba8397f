package io.pulsegate.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the node-to-node control messages. Property: any bytes decode, read as {@code null} (unknown version or
 * type) or fail with an {@link IOException} (never another exception, a huge allocation or a hang); every message
 * kind with fuzzed fields round-trips through {@link ControlMessage#encode}.
 */
class ControlMessageFuzzTest {

    @FuzzTest
    void decodesOrRejects(FuzzedDataProvider data) throws IOException {
        if (data.consumeBoolean()) {
            roundTrip(message(data));
            return;
        }
        try {
            ControlMessage.decode(data.consumeRemainingAsBytes());
        } catch (IOException expected) {
            // truncated or corrupt: ControlPlane drops it
        }
    }

    private static void roundTrip(ControlMessage sent) throws IOException {
        ControlMessage back = ControlMessage.decode(ControlMessage.encode(sent));
        if (sent instanceof ControlMessage.Emulation e) {
            ControlMessage.Emulation b = (ControlMessage.Emulation) back;
            assertEquals(e.node(), b.node());
            assertEquals(e.session(), b.session());
            assertArrayEquals(e.data(), b.data());
        } else {
            assertEquals(sent, back);
        }
    }

    private static ControlMessage message(FuzzedDataProvider d) {
        return switch (d.consumeInt(0, 5)) {
            case 0 -> new ControlMessage.Disconnect(d.consumeString(16), d.consumeString(16), d.consumeInt(),
                    d.consumeString(32), strings(d));
            case 1 -> new ControlMessage.Unsubscribe(d.consumeString(16), d.consumeString(16), d.consumeString(32));
            case 2 -> new ControlMessage.Subscribe(d.consumeString(16), d.consumeString(16), d.consumeString(32));
            case 3 -> new ControlMessage.Refresh(d.consumeString(16), d.consumeString(16), d.consumeBoolean(),
                    d.consumeLong());
            case 4 -> new ControlMessage.NodeInfo(d.consumeString(16), d.consumeString(16), d.consumeString(8),
                    d.consumeLong(), d.consumeLong(), d.consumeLong(), d.consumeLong(), d.consumeLong());
            default -> new ControlMessage.Emulation(d.consumeString(16), d.consumeString(16), d.consumeBytes(256));
        };
    }

    private static List<String> strings(FuzzedDataProvider d) {
        List<String> out = new ArrayList<>();
        for (int i = d.consumeInt(0, 4); i > 0; i--) {
            out.add(d.consumeString(16));
        }
        return out;
    }
}
