package io.pulsegate.protocol;

/**
 * One client-to-server command of the Centrifugo client protocol v2.
 *
 * <p>
 * A command with {@code id == 0} and no request is a pong (the answer to a server ping). Only {@link Request.Send} may
 * arrive without an id; every other request needs {@code id > 0}.
 *
 * @param id client-chosen command id, echoed in the reply; 0 for pongs and sends
 * @param request the request carried by the command, or {@code null} for a pong
 */
public record Command(long id, Request request) {

    /** The empty command a client sends to answer a ping. */
    public static final Command PONG = new Command(0, null);

    /** @return true when this command is an empty pong */
    public boolean isPong() {
        return id == 0 && request == null;
    }
}
