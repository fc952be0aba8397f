package io.pulsegate.protocol;

/**
 * Input that cannot be decoded. Carries the disconnect the session should apply; thrown without a stack trace since it
 * describes bad client input, not a server fault.
 */
public final class ProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    private final DisconnectCode disconnect;

    public ProtocolException(DisconnectCode disconnect, String message) {
        super(message, null, false, false);
        this.disconnect = disconnect;
    }

    public DisconnectCode disconnect() {
        return disconnect;
    }
}
