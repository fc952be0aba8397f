package io.pulsegate.transport.websocket;

import io.pulsegate.protocol.ProtocolFormat;

/**
 * Picks the wire format of a WebSocket connection the way Centrifugo does: the negotiated subprotocol
 * {@code centrifuge-protobuf} (what the Java, Swift and Dart SDKs and centrifuge-js's Protobuf build ask for), or
 * {@code format=protobuf} / {@code cf_protocol=protobuf} in the query (for clients that cannot set subprotocols).
 * Everything else is JSON. A negotiated {@code centrifuge-json} wins over the query: the server already told the
 * client which protocol it speaks.
 */
final class ProtocolSelection {

    /** Subprotocol of the JSON format. */
    static final String JSON_SUBPROTOCOL = "centrifuge-json";
    /** Subprotocol of the Protobuf format. */
    static final String PROTOBUF_SUBPROTOCOL = "centrifuge-protobuf";

    private ProtocolSelection() {
    }

    /**
     * @param subprotocol the subprotocol the handshake selected, or {@code null}/empty
     * @param query the raw query string of the upgrade request, or {@code null}
     */
    static ProtocolFormat select(String subprotocol, String query) {
        if (PROTOBUF_SUBPROTOCOL.equals(subprotocol)) {
            return ProtocolFormat.PROTOBUF;
        }
        if (JSON_SUBPROTOCOL.equals(subprotocol)) {
            return ProtocolFormat.JSON;
        }
        return protobufInQuery(query) ? ProtocolFormat.PROTOBUF : ProtocolFormat.JSON;
    }

    /** Exact, case-sensitive match of one parameter; no decoding needed since the value is plain ASCII. */
    private static boolean protobufInQuery(String query) {
        if (query == null || query.isEmpty()) {
            return false;
        }
        for (String param : query.split("&", 32)) {
            if (param.equals("format=protobuf") || param.equals("cf_protocol=protobuf")) {
                return true;
            }
        }
        return false;
    }
}
