package io.pulsegate.protocol;

/** The {@code error} object of a reply. */
public record ProtocolError(int code, String message, boolean temporary) {

    /** @return the wire error for a catalogued code */
    public static ProtocolError of(ErrorCode code) {
        return new ProtocolError(code.code(), code.message(), code.temporary());
    }
}
