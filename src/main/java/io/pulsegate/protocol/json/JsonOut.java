package io.pulsegate.protocol.json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.pulsegate.protocol.ClientInfo;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.protocol.Publication;

/**
 * A streaming JSON writer with Centrifugo's zero-value omission: {@code false}, {@code 0}, {@code ""}, {@code null}
 * and empty maps/lists are never written by the optional-field methods. The {@code always*} methods write the fields
 * that the protocol's encoder writes even when they are zero ({@code num_clients}, {@code presence}, history
 * {@code publications}/{@code epoch}/{@code offset}, {@code ClientInfo.user}/{@code client}): SDKs read them without
 * a default. Raw payloads are validated and written
 * verbatim, minus raw newlines. Also writes the protocol types shared by the client codec and the server API
 * ({@link Publication}, {@link ClientInfo}).
 *
 * <p>
 * Internal helper of the JSON codecs; one instance per encoded document.
 */
public final class JsonOut {

    private final JsonFactory factory;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
    private final JsonGenerator gen;

    public JsonOut(JsonFactory factory) throws IOException {
        this.factory = factory;
        this.gen = factory.createGenerator(buf, JsonEncoding.UTF8);
    }

    /** Opens an anonymous object (the document root, or an array element). */
    public JsonOut begin() throws IOException {
        gen.writeStartObject();
        return this;
    }

    /** Opens a named object; always written, even if it ends up empty. */
    public JsonOut begin(String name) throws IOException {
        gen.writeFieldName(name);
        gen.writeStartObject();
        return this;
    }

    public JsonOut end() throws IOException {
        gen.writeEndObject();
        return this;
    }

    /** Opens a named array; always written. */
    public JsonOut array(String name) throws IOException {
        gen.writeFieldName(name);
        gen.writeStartArray();
        return this;
    }

    public JsonOut endArray() throws IOException {
        gen.writeEndArray();
        return this;
    }

    /** Writes a field name only; the caller writes the value (an object via {@link #begin()}). */
    public JsonOut name(String name) throws IOException {
        gen.writeFieldName(name);
        return this;
    }

    public JsonOut str(String name, String value) throws IOException {
        if (value != null && !value.isEmpty()) {
            gen.writeStringField(name, value);
        }
        return this;
    }

    public JsonOut num(String name, long value) throws IOException {
        if (value != 0) {
            gen.writeNumberField(name, value);
        }
        return this;
    }

    /** Writes a number field even when it is zero. */
    public JsonOut alwaysNum(String name, long value) throws IOException {
        gen.writeNumberField(name, value);
        return this;
    }

    /** Writes a string field even when it is empty ({@code null} reads as {@code ""}). */
    public JsonOut alwaysStr(String name, String value) throws IOException {
        gen.writeStringField(name, value == null ? "" : value);
        return this;
    }

    public JsonOut bool(String name, boolean value) throws IOException {
        if (value) {
            gen.writeBooleanField(name, true);
        }
        return this;
    }

    /** Writes a non-empty string list. */
    public JsonOut strings(String name, List<String> values) throws IOException {
        if (values != null && !values.isEmpty()) {
            gen.writeFieldName(name);
            gen.writeStartArray();
            for (String v : values) {
                gen.writeString(v == null ? "" : v);
            }
            gen.writeEndArray();
        }
        return this;
    }

    /** Writes a non-empty map of strings as an object. */
    public JsonOut strMap(String name, Map<String, String> values) throws IOException {
        if (values != null && !values.isEmpty()) {
            gen.writeFieldName(name);
            gen.writeStartObject();
            for (Map.Entry<String, String> e : values.entrySet()) {
                gen.writeStringField(e.getKey(), e.getValue() == null ? "" : e.getValue());
            }
            gen.writeEndObject();
        }
        return this;
    }

    /**
     * Writes a non-empty raw JSON payload as the field's value.
     *
     * @throws ProtocolException {@link DisconnectCode#INAPPROPRIATE_PROTOCOL} when the payload is not valid JSON
     *         (binary data from a Protobuf or {@code b64data} publisher cannot reach a JSON client)
     */
    public JsonOut raw(String name, byte[] payload) throws IOException, ProtocolException {
        if (payload == null || payload.length == 0) {
            return this;
        }
        if (!JsonPayloads.isValidJson(factory, payload)) {
            throw new ProtocolException(DisconnectCode.INAPPROPRIATE_PROTOCOL, "payload is not JSON");
        }
        gen.writeFieldName(name);
        // JsonGenerator has no byte[] raw-value method: let it write the separator for an empty raw value, flush its
        // buffer, then append the payload directly to the same stream, so no String round trip is needed.
        gen.writeRawValue("");
        gen.flush();
        JsonPayloads.writeStripped(buf, payload);
        return this;
    }

    /** Writes the fields of a publication into the current object. */
    public JsonOut publicationFields(Publication pub) throws IOException, ProtocolException {
        raw("data", pub.data());
        clientInfo("info", pub.info());
        num("offset", pub.offset());
        strMap("tags", pub.tags());
        bool("delta", pub.delta());
        if (pub.key() != null) {
            str("key", pub.key());
        }
        return bool("removed", pub.removed());
    }

    /** Writes a non-empty list of publications. */
    public JsonOut publications(String name, List<Publication> pubs) throws IOException, ProtocolException {
        return pubs == null || pubs.isEmpty() ? this : alwaysPublications(name, pubs);
    }

    /** Writes a list of publications, {@code []} when there are none. */
    public JsonOut alwaysPublications(String name, List<Publication> pubs) throws IOException, ProtocolException {
        array(name);
        if (pubs != null) {
            for (Publication pub : pubs) {
                begin().publicationFields(pub).end();
            }
        }
        return endArray();
    }

    /** Writes a client info object, unless {@code info} is null. */
    public JsonOut clientInfo(String name, ClientInfo info) throws IOException, ProtocolException {
        if (info != null) {
            begin(name).clientInfoFields(info).end();
        }
        return this;
    }

    /** Writes a non-empty map of client id to client info. */
    public JsonOut clientInfos(String name, Map<String, ClientInfo> infos) throws IOException, ProtocolException {
        return infos == null || infos.isEmpty() ? this : alwaysClientInfos(name, infos);
    }

    /** Writes a map of client id to client info, {@code {}} when there is none. */
    public JsonOut alwaysClientInfos(String name, Map<String, ClientInfo> infos) throws IOException,
            ProtocolException {
        begin(name);
        if (infos != null) {
            for (Map.Entry<String, ClientInfo> e : infos.entrySet()) {
                begin(e.getKey()).clientInfoFields(e.getValue()).end();
            }
        }
        return end();
    }

    /** {@code user} and {@code client} are always written ({@code ""} for anonymous), the payloads only when set. */
    private JsonOut clientInfoFields(ClientInfo info) throws IOException, ProtocolException {
        if (info == null) {
            return this;
        }
        alwaysStr("user", info.user());
        alwaysStr("client", info.client());
        raw("conn_info", info.connInfo());
        raw("chan_info", info.chanInfo());
        return this;
    }

    /** Finishes the document. */
    public byte[] toBytes() throws IOException {
        gen.close();
        return buf.toByteArray();
    }
}
