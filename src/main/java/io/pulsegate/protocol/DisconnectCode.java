package io.pulsegate.protocol;

/**
 * Disconnect codes: on WebSocket the close code and reason, on other transports a {@code disconnect} push. Codes
 * 3000–3499 tell the client to reconnect; 3500–3999 are terminal. RFC 6455 codes used for frame-level faults are kept
 * here too so every close the gateway sends is catalogued.
 */
public enum DisconnectCode {
    PROTOCOL_ERROR(1002, "protocol error", true), UNSUPPORTED_DATA(1003, "unsupported data", true), INVALID_PAYLOAD(
            1007, "invalid frame payload data",
            true), MESSAGE_TOO_BIG(1009, "message too big", false), SHUTDOWN(3001, "shutdown", true), INTERNAL(3004,
                    "internal server error",
                    true), EXPIRED(3005, "connection expired", true), SUBSCRIPTION_EXPIRED(3006, "subscription expired",
                            true), SLOW(3008, "slow", true), WRITE_ERROR(3009, "write error", true), INSUFFICIENT_STATE(
                                    3010, "insufficient state",
                                    true), FORCE_RECONNECT(3011, "force reconnect", true), NO_PONG(3012, "no pong",
                                            true), TOO_MANY_REQUESTS(3013, "too many requests", true), INVALID_TOKEN(
                                                    3500, "invalid token", false), BAD_REQUEST(3501, "bad request",
                                                            false), STALE(3502, "stale", false), FORCE_DISCONNECT(3503,
                                                                    "force disconnect", false), CONNECTION_LIMIT(3504,
                                                                            "connection limit",
                                                                            false), CHANNEL_LIMIT(3505, "channel limit",
                                                                                    false), INAPPROPRIATE_PROTOCOL(3506,
                                                                                            "inappropriate protocol",
                                                                                            false), PERMISSION_DENIED(
                                                                                                    3507,
                                                                                                    "permission denied",
                                                                                                    false), NOT_AVAILABLE(
                                                                                                            3508,
                                                                                                            "not available",
                                                                                                            false), TOO_MANY_ERRORS(
                                                                                                                    3509,
                                                                                                                    "too many errors",
                                                                                                                    false);

    private final int code;
    private final String reason;
    private final boolean reconnect;

    DisconnectCode(int code, String reason, boolean reconnect) {
        this.code = code;
        this.reason = reason;
        this.reconnect = reconnect;
    }

    public int code() {
        return code;
    }

    /** @return short plain-text reason, under the 123-byte limit of a close frame */
    public String reason() {
        return reason;
    }

    /** @return whether the client is expected to reconnect after this disconnect */
    public boolean reconnect() {
        return reconnect;
    }
}
