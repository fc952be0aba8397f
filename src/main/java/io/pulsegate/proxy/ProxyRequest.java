package io.pulsegate.proxy;

import java.util.List;

/**
 * The event-specific part of a proxy request; the connection part is the {@link Caller}. Absent fields are
 * {@code null} or {@code ""} and are not sent. Payloads are the client's bytes: raw JSON from JSON clients, anything
 * from Protobuf clients (sent as {@code b64data} with binary encoding).
 *
 * @param channel subscribe, publish and sub_refresh
 * @param token subscribe: the subscription token, when the client sent one
 * @param method rpc
 * @param data connect, subscribe, publish and rpc payloads
 * @param name connect: client name ({@code js})
 * @param version connect: client version
 * @param channels connect: server-side channels the client asks for (uni transports)
 */
public record ProxyRequest(String channel, String token, String method, byte[] data, String name, String version,
        List<String> channels) {

    public static ProxyRequest connect(byte[] data, String name, String version, List<String> channels) {
        return new ProxyRequest("", "", "", data, name, version, channels);
    }

    public static ProxyRequest refresh() {
        return new ProxyRequest("", "", "", null, "", "", null);
    }

    public static ProxyRequest subscribe(String channel, String token, byte[] data) {
        return new ProxyRequest(channel, token, "", data, "", "", null);
    }

    public static ProxyRequest publish(String channel, byte[] data) {
        return new ProxyRequest(channel, "", "", data, "", "", null);
    }

    public static ProxyRequest rpc(String method, byte[] data) {
        return new ProxyRequest("", "", method, data, "", "", null);
    }

    public static ProxyRequest subRefresh(String channel) {
        return new ProxyRequest(channel, "", "", null, "", "", null);
    }
}
