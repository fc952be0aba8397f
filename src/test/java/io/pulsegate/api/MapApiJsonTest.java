package io.pulsegate.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.pulsegate.engine.map.KeyMode;
import io.pulsegate.protocol.StreamPosition;

/** Decoding and validation of the map server API methods. */
class MapApiJsonTest {

    private final ApiJson json = new ApiJson();

    private ApiRequest decode(String method, String body) throws ApiException {
        return json.decode(method, body.getBytes(StandardCharsets.UTF_8));
    }

    private int rejected(String method, String body) {
        return assertThrows(ApiException.class, () -> decode(method, body)).error().code();
    }

    @Test
    void mapPublishDecodesKeyDataTagsAndKeyMode() throws ApiException {
        ApiRequest.MapPublish p = (ApiRequest.MapPublish) decode("map_publish",
                "{\"channel\":\"board:1\",\"key\":\"k\",\"data\":{\"x\":1},\"tags\":{\"t\":\"v\"},\"key_mode\":\"if_new\"}");
        assertEquals("k", p.key());
        assertArrayEquals("{\"x\":1}".getBytes(StandardCharsets.UTF_8), p.data());
        assertEquals(KeyMode.IF_NEW, p.keyMode());
        assertEquals("v", p.tags().get("t"));
    }

    @Test
    void badKeyModeOrMissingKeyOrChannelIsBadRequest() {
        assertEquals(107, rejected("map_publish", "{\"channel\":\"b:1\",\"key\":\"k\",\"key_mode\":\"sometimes\"}"));
        assertEquals(107, rejected("map_publish", "{\"channel\":\"b:1\",\"data\":{}}"));
        assertEquals(107, rejected("map_publish", "{\"key\":\"k\",\"data\":{}}"));
        assertEquals(107, rejected("map_remove", "{\"channel\":\"b:1\"}"));
        assertEquals(107, rejected("map_stats", "{}"));
    }

    @Test
    void positionsAreGivenWhenOffsetOrEpochIsSet() throws ApiException {
        ApiRequest.MapReadState s = (ApiRequest.MapReadState) decode("map_read_state",
                "{\"channel\":\"b:1\",\"cursor\":\"c\",\"limit\":-1,\"revision_offset\":3,\"revision_epoch\":\"e\"}");
        assertEquals(new StreamPosition(3, "e"), s.revision());
        assertEquals(-1, s.limit());
        ApiRequest.MapReadStream r = (ApiRequest.MapReadStream) decode("map_read_stream", "{\"channel\":\"b:1\"}");
        assertNull(r.since());
    }
}
