package io.pulsegate.transport.stream;

/** The one bit of JSON writing the stream framing needs outside the codecs. */
final class Json {

    private Json() {
    }

    /** @return {@code s} as a JSON string literal; control characters escaped, so no line break reaches an event */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
