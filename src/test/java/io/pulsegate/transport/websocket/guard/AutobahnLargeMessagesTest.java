package io.pulsegate.transport.websocket.guard;

import java.io.IOException;
import java.net.URL;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Autobahn case group 9 (text/binary messages up to 16 MiB, many fragments), opt-in with {@code -Pautobahn-full}.
 * Runs with the caps raised to 16 MiB, because the production caps (64 KiB) would rightly close those cases with
 * 1009; it checks that the guard stays correct and fast on large traffic, not the caps.
 */
@QuarkusTest
@TestProfile(AutobahnLargeMessagesTest.LargeMessages.class)
@EnabledIfSystemProperty(named = "autobahn.full", matches = "true")
class AutobahnLargeMessagesTest {

    /** 16 MiB caps for this run only. */
    public static class LargeMessages implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String size = String.valueOf(16 << 20);
            return Map.of("pulsegate.websocket.max-frame-size", size, "pulsegate.websocket.max-message-size", size,
                    "pulsegate.websocket.max-decompressed-message-size", size,
                    "pulsegate.websocket.max-fragments", "1048576");
        }
    }

    @TestHTTPResource("/")
    URL url;

    @Test
    void largeMessageCases() throws IOException {
        AutobahnRunner.runAndAssert("ws://127.0.0.1:" + url.getPort() + "/test/echo", List.of("9.*"));
    }
}
