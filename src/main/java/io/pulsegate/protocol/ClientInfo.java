package io.pulsegate.protocol;

/**
 * Who a connection is, as shown to other clients in presence, join/leave and client publications.
 *
 * @param user user id, {@code ""} for anonymous
 * @param client connection id
 * @param connInfo connection info from the connection token ({@code info}), or {@code null}
 * @param chanInfo channel info from the subscription token, or {@code null}
 */
public record ClientInfo(String user, String client, byte[] connInfo, byte[] chanInfo) {

    /** @return the same client with channel-specific info attached */
    public ClientInfo withChanInfo(byte[] info) {
        return new ClientInfo(user, client, connInfo, info);
    }
}
