package io.pulsegate.proxy;

import java.net.URI;
import java.util.Locale;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;

/**
 * Unary calls of Centrifugo's {@code CentrifugoProxy} service on a {@code grpc://host:port} endpoint (HTTP/2 cleartext,
 * prior knowledge) with the Vert.x gRPC client, messages already encoded by {@link ProtobufProxyCodec}. The deadline
 * travels as {@code grpc-timeout}, so the backend can give up too.
 */
final class GrpcWire implements ProxyWire {

    private final GrpcClient client;
    private final SocketAddress address;

    GrpcWire(Vertx vertx, URI endpoint, int maxConnections) {
        this.address = SocketAddress.inetSocketAddress(endpoint.getPort() > 0 ? endpoint.getPort() : 80,
                endpoint.getHost());
        this.client = GrpcClient.client(vertx, new HttpClientOptions().setHttp2ClearTextUpgrade(false)
                .setHttp2MaxPoolSize(Math.max(1, maxConnections / 16)).setKeepAlive(true));
    }

    @Override
    public Future<byte[]> exchange(ProxyEvent event, MultiMap headers, byte[] body, long timeoutMillis,
            Future<Void> abandoned) {
        return client.request(address).compose(request -> {
            abandoned.onComplete(v -> request.cancel());
            request.fullMethodName(event.grpcMethod());
            // HTTP/2 header names are lower case
            headers.forEach(h -> request.headers().add(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
            request.headers().set("grpc-timeout", timeoutMillis + "m");
            request.idleTimeout(timeoutMillis);
            return request.send(Buffer.buffer(body)).compose(GrpcWire::answer);
        }).recover(failure -> Future.failedFuture(new WireException(HttpWire.kind(
                failure))));
    }

    /** The status comes with the trailers, after the single message; anything but OK is a failed call. */
    private static Future<byte[]> answer(GrpcClientResponse<Buffer, Buffer> response) {
        return response.last().transform(message -> {
            GrpcStatus status = response.status();
            if (status != null && status != GrpcStatus.OK) {
                return Future.failedFuture(new WireException("grpc_" + status.name().toLowerCase(Locale.ROOT)));
            }
            return message.succeeded()
                    ? Future.succeededFuture(message.result().getBytes())
                    : Future.failedFuture(new WireException("grpc_no_message"));
        });
    }

    @Override
    public void close() {
        client.close();
    }
}
