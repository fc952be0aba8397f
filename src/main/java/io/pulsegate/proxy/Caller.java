package io.pulsegate.proxy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The connection an event comes from: what every proxy request says about it, and where its forwardable headers are.
 *
 * @param client connection id
 * @param transport transport name ({@code websocket}, {@code sse}, {@code http_stream}, {@code uni_sse}, …)
 * @param protocol {@code json} or {@code protobuf}
 * @param user user id, {@code ""} before connect or for anonymous connections
 * @param meta server-side connection meta (raw JSON) from the connection token or the connect proxy, or {@code null}
 * @param headers the connection's HTTP request headers and its client-sent emulated headers
 */
public record Caller(String client, String transport, String protocol, String user, byte[] meta, Headers headers) {

    /** @return the same connection after authentication */
    public Caller authenticated(String newUser, byte[] newMeta) {
        return new Caller(client, transport, protocol, newUser, newMeta, headers);
    }

    /**
     * The two header sources of a connection, kept apart: real HTTP headers of the request that opened it (set by the
     * browser or a reverse proxy), and headers the client wrote into its connect command (centrifuge-js
     * {@code headers}), which it controls entirely.
     */
    public interface Headers {

        /** No headers (server API calls). */
        Headers NONE = new Headers() {
            @Override
            public List<String> connection(String name) {
                return List.of();
            }

            @Override
            public String emulated(String name) {
                return null;
            }
        };

        /** @return headers that come from the connection's HTTP request only (no emulated headers yet) */
        static Headers of(Function<String, List<String>> connection) {
            return new Headers() {
                @Override
                public List<String> connection(String name) {
                    return connection.apply(name);
                }

                @Override
                public String emulated(String name) {
                    return null;
                }
            };
        }

        /** @return the values of a header of the connection's HTTP request, empty when absent */
        List<String> connection(String name);

        /** @return a header the client sent in its connect command, or {@code null} */
        String emulated(String name);

        /** @return the same connection headers with the emulated headers of a connect command */
        default Headers withEmulated(Map<String, String> emulated) {
            if (emulated == null || emulated.isEmpty()) {
                return this;
            }
            Headers connection = this;
            Map<String, String> byName = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            byName.putAll(emulated);
            return new Headers() {
                @Override
                public List<String> connection(String name) {
                    return connection.connection(name);
                }

                @Override
                public String emulated(String name) {
                    return byName.get(name);
                }
            };
        }
    }
}
