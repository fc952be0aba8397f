package io.pulsegate.transport.websocket.guard;

import java.io.IOException;
import java.net.URL;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * RFC 6455 conformance of the full production stack (upgrade checks, guards, compression enabled as configured)
 * with Autobahn|Testsuite case groups 1-8 and 10. Group 9 (large messages) is opt-in, see
 * {@link AutobahnLargeMessagesTest}; groups 12-13 (compression) are not in this suite version.
 */
@QuarkusTest
class AutobahnTest {

    @TestHTTPResource("/")
    URL url;

    @Test
    void fuzzingClientCases() throws IOException {
        AutobahnRunner.runAndAssert("ws://127.0.0.1:" + url.getPort() + "/test/echo",
                List.of("1.*", "2.*", "3.*", "4.*", "5.*", "6.*", "7.*", "8.*", "10.*"));
    }
}
