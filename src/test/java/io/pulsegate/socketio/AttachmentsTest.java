package io.pulsegate.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.protocol.json.JsonLimits;

class AttachmentsTest {

    private final Attachments attachments = new Attachments(new ObjectMapper(JsonLimits.DEFAULTS.newFactory()), 8);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String accept(String packet) throws ProtocolException {
        byte[] out = attachments.accept(b(packet));
        return out == null ? null : new String(out, StandardCharsets.UTF_8);
    }

    private String binary(byte... data) throws ProtocolException {
        byte[] out = attachments.accept(Attachments.binaryPacket(data));
        return out == null ? null : new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void textPacketsPassUnchanged() throws Exception {
        assertEquals("42[\"ev\",1]", accept("42[\"ev\",1]"));
        assertEquals("3", accept("3"));
    }

    @Test
    void aBinaryEventBecomesAnEventOnceItsAttachmentsArrivedInOrder() throws Exception {
        assertNull(accept("452-/chat,7[\"up\",{\"_placeholder\":true,\"num\":1},[{\"_placeholder\":true,\"num\":0}]]"));
        assertNull(binary((byte) 1, (byte) 2));
        assertEquals("42/chat,7[\"up\",{\"_binary\":\"Aw==\"},[{\"_binary\":\"AQI=\"}]]", binary((byte) 3));
        assertEquals("42[\"next\"]", accept("42[\"next\"]"), "the gatherer is ready for the next packet");
    }

    @Test
    void aBinaryAckBecomesAnAck() throws Exception {
        assertNull(accept("461-3[{\"_placeholder\":true,\"num\":0}]"));
        assertEquals("433[{\"_binary\":\"/w==\"}]", binary((byte) 0xff));
    }

    @Test
    void pollingCarriesAttachmentsAsBase64Packets() throws Exception {
        assertNull(accept("451-[\"up\",{\"_placeholder\":true,\"num\":0}]"));
        assertEquals("42[\"up\",{\"_binary\":\"AQID\"}]", accept("bAQID"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bAQID", // binary without a header
            "450-[\"up\"]", "4517-[\"up\"]", "45-[\"up\"]", "451[\"up\"]", // the count: missing, 0, too many
            "451-"}) // no payload
    void badBinaryPacketsAreBadRequests(String packet) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> accept(packet));
        assertEquals(DisconnectCode.BAD_REQUEST, e.disconnect());
    }

    @Test
    void aTextPacketWhileAttachmentsAreDueIsABadRequest() throws Exception {
        accept("451-[\"up\",{\"_placeholder\":true,\"num\":0}]");
        assertThrows(ProtocolException.class, () -> accept("42[\"ev\"]"));
    }

    @Test
    void attachmentsBeyondTheSizeLimitAreABadRequest() throws Exception {
        accept("452-[\"up\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        binary(new byte[5]);
        assertThrows(ProtocolException.class, () -> binary(new byte[4]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"451-[\"up\",{\"_placeholder\":true,\"num\":1}]", "451-[\"up\",{\"_placeholder\":true}]",
            "451-[\"up\",{\"_placeholder\":true,\"num\":\"0\"}]", "451-[\"up\",{]"})
    void placeholdersMustNameAnAttachment(String header) throws Exception {
        accept(header);
        assertThrows(ProtocolException.class, () -> binary((byte) 1));
    }

    @Test
    void badBase64IsABadRequest() throws Exception {
        accept("451-[\"up\",{\"_placeholder\":true,\"num\":0}]");
        assertThrows(ProtocolException.class, () -> accept("b!!!"));
    }
}
