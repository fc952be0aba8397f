package io.pulsegate.protocol;

/**
 * One server-to-client message of the bidirectional protocol: the reply to a command ({@code id > 0}, exactly one of
 * {@code error} or {@code result}), a push ({@code id == 0}, {@code push} set) or a ping (everything empty).
 */
public record Reply(long id, ProtocolError error, Result result, Push push) {

    /** The empty reply: a server ping. */
    public static final Reply PING = new Reply(0, null, null, null);

    /** @return a successful reply to command {@code id} */
    public static Reply result(long id, Result result) {
        return new Reply(id, null, result, null);
    }

    /** @return an error reply to command {@code id} */
    public static Reply error(long id, ProtocolError error) {
        return new Reply(id, error, null, null);
    }

    /** @return a reply wrapping an asynchronous push */
    public static Reply push(Push push) {
        return new Reply(0, null, null, push);
    }
}
