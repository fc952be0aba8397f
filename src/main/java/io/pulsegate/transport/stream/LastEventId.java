package io.pulsegate.transport.stream;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.pulsegate.protocol.StreamPosition;

/**
 * The SSE {@code id:} value of a uni_sse stream: the position of every positioned channel, so a plain
 * {@code EventSource} resumes from its automatic {@code Last-Event-ID} without any code. Format:
 * {@code <channel>:<offset>:<epoch>} entries joined by {@code ,}, channel and epoch URL-encoded (so neither separator
 * nor CR/LF can appear). The header is untrusted: it is length-capped and parsed strictly; anything unexpected is
 * ignored as a whole and never echoed.
 */
final class LastEventId {

    private static final Pattern CHARSET = Pattern.compile("[A-Za-z0-9%+.*_:,-]+");
    /** Up to 19 digits, as {@link #encode} writes any non-negative {@code long}; overflow is rejected by parsing. */
    private static final Pattern OFFSET = Pattern.compile("[0-9]{1,19}");

    private LastEventId() {
    }

    /** @return the id value for these positions ({@code ""} for none) */
    static String encode(Map<String, StreamPosition> positions) {
        StringBuilder out = new StringBuilder();
        positions.forEach((channel, p) -> {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(URLEncoder.encode(channel, StandardCharsets.UTF_8)).append(':').append(p.offset()).append(':')
                    .append(URLEncoder.encode(p.epoch(), StandardCharsets.UTF_8));
        });
        return out.toString();
    }

    /**
     * @param maxLength longest accepted header
     * @param maxChannels most entries accepted
     * @return the positions, or {@code null} when the header is absent, too long or malformed
     */
    static Map<String, StreamPosition> parse(String header, int maxLength, int maxChannels) {
        if (header == null || header.isEmpty() || header.length() > maxLength || !CHARSET.matcher(header).matches()) {
            return null;
        }
        String[] entries = header.split(",", -1);
        if (entries.length > maxChannels) {
            return null;
        }
        Map<String, StreamPosition> positions = new LinkedHashMap<>();
        for (String entry : entries) {
            String[] parts = entry.split(":", -1);
            if (parts.length != 3 || parts[0].isEmpty() || parts[2].isEmpty() || !OFFSET.matcher(parts[1]).matches()) {
                return null;
            }
            try {
                positions.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        new StreamPosition(Long.parseLong(parts[1]), URLDecoder.decode(parts[2],
                                StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException e) { // a bad %-escape, or an offset beyond Long.MAX_VALUE
                return null;
            }
        }
        return positions;
    }
}
