package io.pulsegate.transport.websocket.guard;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilter;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionUtil;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.pulsegate.transport.websocket.wire.WireWriter;

/**
 * Negotiates permessage-deflate (RFC 7692) ourselves instead of letting Vert.x do it, because Vert.x builds Netty's
 * handshaker without {@code maxAllocation} (unbounded inflation) and only grants no-context-takeover when the client
 * asks. Here the server always answers {@code server_no_context_takeover} (section 7.1.1.1) and
 * {@code client_no_context_takeover} (section 7.1.1.2 lets the server add it unasked), declines window-bits offers
 * of 8 (zlib cannot do raw deflate with an 8-bit window) and server window-bit requests (the JDK deflater has no
 * window parameter), and caps inflation per frame at the decompressed-message cap. Outbound messages below
 * {@link WireWriter#COMPRESSION_THRESHOLD} bytes are sent uncompressed (RFC 7692 lets the sender choose per message):
 * deflating a small Centrifugo push costs more CPU than it saves bytes (the Node ws library uses the same threshold).
 * Data frames of our own arrive already compressed by {@link WireWriter}; Netty's encoder compresses what else is
 * written (uni_websocket items).
 */
final class DeflateNegotiator {

    private static final String PERMESSAGE_DEFLATE = "permessage-deflate";
    private static final String SERVER_NO_CONTEXT = "server_no_context_takeover";
    private static final String CLIENT_NO_CONTEXT = "client_no_context_takeover";
    private static final String CLIENT_MAX_WINDOW = "client_max_window_bits";
    private static final String SERVER_MAX_WINDOW = "server_max_window_bits";

    /**
     * Skips only complete single-frame messages below the threshold. It must never skip a control frame or a
     * continuation: Netty's encoder throws if asked to skip while a fragmented message is being compressed.
     */
    private static final WebSocketExtensionFilter SKIP_SMALL_MESSAGES = frame -> (frame instanceof TextWebSocketFrame
            || frame instanceof BinaryWebSocketFrame) && frame.isFinalFragment()
            && frame.content().readableBytes() < WireWriter.COMPRESSION_THRESHOLD;

    private static final WebSocketExtensionFilterProvider FILTERS = new WebSocketExtensionFilterProvider() {
        @Override
        public WebSocketExtensionFilter encoderFilter() {
            return SKIP_SMALL_MESSAGES;
        }

        @Override
        public WebSocketExtensionFilter decoderFilter() {
            return WebSocketExtensionFilter.NEVER_SKIP;
        }
    };

    /**
     * An accepted offer.
     *
     * @param extension Netty extension that creates the encoder and the capped decoder
     * @param responseHeader value of {@code Sec-WebSocket-Extensions} for the 101 response
     */
    record Negotiated(WebSocketServerExtension extension, String responseHeader) {}

    private final PerMessageDeflateServerExtensionHandshaker handshaker;

    DeflateNegotiator(int compressionLevel, int maxAllocation) {
        this.handshaker = new PerMessageDeflateServerExtensionHandshaker(compressionLevel, false,
                PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE, true, true, FILTERS,
                maxAllocation);
    }

    /** Picks the first acceptable permessage-deflate offer of a {@code Sec-WebSocket-Extensions} header, if any. */
    Optional<Negotiated> negotiate(String offerHeader) {
        if (offerHeader == null || offerHeader.isBlank()) {
            return Optional.empty();
        }
        for (String rawOffer : offerHeader.split(",")) { // as Netty splits the header: no quoted commas
            Optional<Negotiated> accepted = accept(rawOffer);
            if (accepted.isPresent()) {
                return accepted;
            }
        }
        return Optional.empty();
    }

    private Optional<Negotiated> accept(String rawOffer) {
        if (repeatsParameter(rawOffer)) {
            return Optional.empty(); // RFC 7692 section 5: decline an offer with the same parameter twice
        }
        List<WebSocketExtensionData> parsed;
        try {
            parsed = WebSocketExtensionUtil.extractExtensions(rawOffer);
        } catch (RuntimeException malformed) {
            return Optional.empty(); // malformed offer: not this one
        }
        if (parsed.size() != 1) {
            return Optional.empty();
        }
        WebSocketExtensionData offer = parsed.get(0);
        if (!PERMESSAGE_DEFLATE.equalsIgnoreCase(offer.name()) || hasWindowBits8(offer)) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>(offer.parameters());
        params.putIfAbsent(SERVER_NO_CONTEXT, null);
        params.putIfAbsent(CLIENT_NO_CONTEXT, null);
        WebSocketServerExtension extension;
        try {
            extension = handshaker.handshakeExtension(new WebSocketExtensionData(PERMESSAGE_DEFLATE, params));
        } catch (RuntimeException invalidParameter) {
            return Optional.empty(); // e.g. client_max_window_bits=abc: Netty lets NumberFormatException escape
        }
        return extension == null
                ? Optional.empty()
                : Optional.of(new Negotiated(extension, format(extension.newReponseData())));
    }

    /** Whether an offer ({@code name; param[=value]; ...}) names a parameter twice, ignoring case. */
    private static boolean repeatsParameter(String rawOffer) {
        Set<String> names = new HashSet<>();
        String[] parts = rawOffer.split(";");
        for (int i = 1; i < parts.length; i++) {
            String name = parts[i].split("=", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!names.add(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasWindowBits8(WebSocketExtensionData offer) {
        return "8".equals(trim(offer.parameters().get(CLIENT_MAX_WINDOW)))
                || "8".equals(trim(offer.parameters().get(SERVER_MAX_WINDOW)));
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }

    private static String format(WebSocketExtensionData data) {
        StringBuilder header = new StringBuilder(data.name());
        data.parameters().forEach((key, value) -> {
            header.append("; ").append(key);
            if (value != null) {
                header.append('=').append(value);
            }
        });
        return header.toString();
    }
}
