package io.pulsegate.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Fuzzes the server API request decoder ({@link ApiJson#decode}) for every method. Property: a body either decodes or
 * fails with an {@link ApiException} that the HTTP layer answers (400, or 200 with error 104/107), never another
 * exception, an error or a hang; a publish body written by Jackson from fuzzed fields decodes back to them.
 */
class ApiRequestFuzzTest {

    private static final ApiJson API = new ApiJson();
    private static final JsonFactory JSON = new JsonFactory();

    @FuzzTest
    void decodesOrRejects(FuzzedDataProvider data) throws IOException {
        if (data.consumeBoolean()) {
            roundTrip(data.consumeString(64), data.consumeString(32));
            return;
        }
        String method = data.pickValue(ApiJson.METHODS);
        try {
            assertNotNull(API.decode(method, data.consumeRemainingAsBytes()));
        } catch (ApiException e) {
            assertTrue(e.httpStatus() == 400 || e.httpStatus() == 200, "status " + e.httpStatus());
            assertNotNull(e.error());
        }
    }

    private static void roundTrip(String channel, String value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("channel", channel);
            g.writeObjectFieldStart("data");
            g.writeStringField("v", value);
            g.writeEndObject();
            g.writeEndObject();
        }
        ApiRequest request;
        try {
            request = API.decode("publish", out.toByteArray());
        } catch (ApiException e) {
            if (channel.isEmpty()) {
                assertEquals(200, e.httpStatus()); // a required field missing: error 107
                return;
            }
            throw new AssertionError("well-formed publish rejected: " + e.getMessage(), e);
        }
        ApiRequest.Publish publish = assertInstanceOf(ApiRequest.Publish.class, request);
        assertEquals(channel, publish.channel());
        assertNotNull(publish.data());
    }
}
