package io.pulsegate.protocol.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.pulsegate.protocol.Command;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.protocol.Request;

/** The map publish and shared-poll tracking fields are decoded just far enough to be refused. */
class JsonMapFieldsTest {

    private final JsonCodec codec = new JsonCodec();

    private <T extends Request> T req(String json, Class<T> type) throws ProtocolException {
        List<Command> cmds = codec.decodeCommands(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(1, cmds.size());
        return assertInstanceOf(type, cmds.get(0).request());
    }

    private Request.Publish publish(String fields) throws ProtocolException {
        return req("{\"id\":1,\"publish\":{\"channel\":\"m\"," + fields + "}}", Request.Publish.class);
    }

    private Request.SubRefresh subRefresh(String fields) throws ProtocolException {
        return req("{\"id\":1,\"sub_refresh\":{\"channel\":\"m\"," + fields + "}}", Request.SubRefresh.class);
    }

    @Test
    void mapPublishFieldsAreDecoded() throws Exception {
        Request.Publish set = publish("\"type\":1,\"key\":\"k\",\"data\":{\"a\":1}");
        assertEquals(1, set.type());
        assertEquals("k", set.key());
        assertFalse(set.removed());
        assertTrue(set.isMap());
        Request.Publish remove = publish("\"type\":1,\"key\":\"k\",\"removed\":true");
        assertTrue(remove.removed());
        assertTrue(remove.isMap());
        assertTrue(publish("\"key\":\"k\",\"data\":1").isMap(), "a key alone is a map field");
        assertTrue(publish("\"removed\":true,\"data\":1").isMap(), "removed alone is a map field");
    }

    @Test
    void plainPublishStaysAStreamPublish() throws Exception {
        Request.Publish p = publish("\"data\":{\"a\":1},\"type\":0,\"key\":null,\"removed\":false");
        assertEquals(new Request.Publish("m", p.data()), p);
        assertFalse(p.isMap());
    }

    @Test
    void trackingFieldsAreDetected() throws Exception {
        Request.SubRefresh track = subRefresh("\"type\":1,\"track\":[{\"signature\":\"s\",\"items\":[{\"key\":\"a\","
                + "\"version\":3}]}],\"untrack\":[\"b\"]");
        assertEquals(new Request.SubRefresh("m", "", 1, true), track);
        assertTrue(track.isSharedPoll());
        assertTrue(subRefresh("\"type\":2,\"untrack\":[\"a\"]").isSharedPoll());
        assertTrue(subRefresh("\"track\":[{}]").isSharedPoll(), "track items without a type");
        assertTrue(subRefresh("\"type\":2").isSharedPoll(), "a tracking type without items");
    }

    @Test
    void plainSubRefreshStaysATokenRefresh() throws Exception {
        Request.SubRefresh r = subRefresh("\"token\":\"t\",\"type\":0,\"track\":[],\"untrack\":null");
        assertEquals(new Request.SubRefresh("m", "t"), r);
        assertFalse(r.isSharedPoll());
    }

    @Test
    void trackingFieldOfAnotherKindIsBadRequest() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decodeCommands(
                "{\"id\":1,\"sub_refresh\":{\"channel\":\"m\",\"track\":\"a\"}}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(DisconnectCode.BAD_REQUEST, e.disconnect());
    }
}
