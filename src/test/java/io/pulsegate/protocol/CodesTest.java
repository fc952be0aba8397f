package io.pulsegate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Catalogue invariants for the codes SDKs act on (centrifugo-protocol.md §3). */
class CodesTest {

    @Test
    void errorCodesAreUnique() {
        Set<Integer> seen = new HashSet<>();
        for (ErrorCode c : ErrorCode.values()) {
            assertTrue(seen.add(c.code()), "duplicate error code " + c.code());
        }
    }

    @Test
    void errorCodesStayInServerRangeAndOnlyRetryableOnesAreTemporary() {
        for (ErrorCode c : ErrorCode.values()) {
            assertTrue(c.code() >= 100 && c.code() <= 1999, c.name());
            assertFalse(c.message().isEmpty(), c.name());
            // SDKs retry on temporary errors: only internal (100) and rate limiting (111) qualify.
            assertEquals(c.code() == 100 || c.code() == 111, c.temporary(), c.name());
        }
    }

    @Test
    void disconnectCodesAreUnique() {
        Set<Integer> seen = new HashSet<>();
        for (DisconnectCode c : DisconnectCode.values()) {
            assertTrue(seen.add(c.code()), "duplicate disconnect code " + c.code());
        }
    }

    @Test
    void disconnectReasonsFitACloseFrame() {
        for (DisconnectCode c : DisconnectCode.values()) {
            int bytes = c.reason().getBytes(StandardCharsets.UTF_8).length;
            assertTrue(bytes > 0 && bytes <= 123, c.name() + " reason is " + bytes + " bytes");
        }
    }

    @Test
    void reconnectFlagMatchesCodeRange() {
        for (DisconnectCode c : DisconnectCode.values()) {
            int code = c.code();
            if ((code >= 3000 && code <= 3499) || (code >= 4000 && code <= 4499)) {
                assertTrue(c.reconnect(), c.name() + " is in a reconnect range");
            } else if ((code >= 3500 && code <= 3999) || (code >= 4500 && code <= 4999)) {
                assertFalse(c.reconnect(), c.name() + " is in a terminal range");
            } else {
                // RFC 6455 codes: only 1009 is terminal in the SDKs (client code 3 "message size limit").
                assertTrue(code >= 1000 && code <= 2999, c.name());
                assertEquals(code != 1009, c.reconnect(), c.name());
            }
        }
    }

    @Test
    void wellKnownCodesHaveTheirCentrifugoValues() {
        assertEquals(3501, DisconnectCode.BAD_REQUEST.code());
        assertEquals(3506, DisconnectCode.INAPPROPRIATE_PROTOCOL.code());
        assertEquals(3012, DisconnectCode.NO_PONG.code());
        assertEquals(3502, DisconnectCode.STALE.code());
        assertEquals(109, ErrorCode.TOKEN_EXPIRED.code());
        assertEquals(112, ErrorCode.UNRECOVERABLE_POSITION.code());
    }
}
