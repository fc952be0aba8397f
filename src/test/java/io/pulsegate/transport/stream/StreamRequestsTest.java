package io.pulsegate.transport.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.protocol.json.JsonCodec;
import io.pulsegate.protocol.json.JsonLimits;

/** Regressions found by fuzzing the connect request of the streams and the {@code /emulation} body. */
class StreamRequestsTest {

    private static final JsonCodec CODEC = new JsonCodec();

    @Test
    void aConnectRequestIsOneObject() throws ProtocolException {
        assertEquals("t", ConnectRequests.decode(CODEC, utf8(" {\"token\":\"t\"} ")).token());
        assertNotNull(ConnectRequests.decode(CODEC, new byte[0]));
    }

    /** Text after the object used to extend the wrapping command ({@code {"id":1,"connect":TEXT}}). */
    @ParameterizedTest
    @ValueSource(strings = {"{},\"subscribe\":{\"channel\":\"x\"}", "{},\"id\":7", "{} {}", "[]", "{\"token\":\"t\"",
            "1"})
    void anythingButOneObjectIsABadRequest(String body) {
        assertThrows(ProtocolException.class, () -> ConnectRequests.decode(CODEC, utf8(body)));
    }

    /** Invalid UTF-8 was silently replaced by U+FFFD and accepted. */
    @Test
    void invalidUtf8IsABadRequest() {
        byte[] body = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, '"', '}'};
        assertThrows(ProtocolException.class, () -> ConnectRequests.decode(CODEC, body));
    }

    @Test
    void anEmulationBodyNamesNodeSessionAndData() {
        EmulationRoute.Target t = decode("{\"session\":\"s\",\"node\":\"n\",\"data\":\"d\",\"x\":[1]}");
        assertEquals("n", t.node());
        assertEquals("s", t.session());
    }

    /** A non-string field was not skipped, so the fields of a nested object were read as top-level ones. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"node\":{\"session\":\"s\",\"data\":\"d\",\"node\":\"n\"}}",
            "{\"session\":\"s\",\"node\":\"n\",\"data\":\"d\"} trailing",
            "{\"session\":1,\"node\":\"n\",\"data\":\"d\"}",
            "{\"session\":\"s\",\"node\":\"n\",\"data\":null}"})
    void aMalformedEmulationBodyIsRefused(String body) {
        assertNull(decode(body));
    }

    private static EmulationRoute.Target decode(String body) {
        return EmulationRoute.decode(JsonLimits.DEFAULTS.newFactory(), "application/json", utf8(body));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
