package io.pulsegate.proxy;

import java.net.URI;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;

/**
 * JSON POSTs to an {@code http(s)://} endpoint over a pooled keep-alive Vert.x client (HTTP/1.1, or HTTP/2: h2c with
 * prior knowledge, ALPN over TLS). Only {@code 200} answers count; their body is read up to {@link #MAX_ANSWER_BYTES}.
 */
final class HttpWire implements ProxyWire {

    /** Larger answers are refused: a backend answer is a decision, not a payload dump. */
    static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;

    private final HttpClient client;
    private final String host;
    private final int port;
    private final String uri;

    HttpWire(Vertx vertx, URI endpoint, boolean http2, int maxConnections) {
        boolean tls = "https".equalsIgnoreCase(endpoint.getScheme());
        this.host = endpoint.getHost();
        this.port = endpoint.getPort() > 0 ? endpoint.getPort() : tls ? 443 : 80;
        String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
        this.uri = endpoint.getRawQuery() == null ? path : path + "?" + endpoint.getRawQuery();
        HttpClientOptions options = new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(maxConnections)
                .setSsl(tls).setVerifyHost(true).setTryUseCompression(false);
        if (http2) {
            options.setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(tls).setHttp2ClearTextUpgrade(false)
                    .setHttp2MaxPoolSize(Math.max(1, maxConnections / 16));
        }
        this.client = vertx.createHttpClient(options);
    }

    @Override
    public Future<byte[]> exchange(ProxyEvent event, MultiMap headers, byte[] body, long timeoutMillis,
            Future<Void> abandoned) {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port)
                .setURI(uri).setHeaders(headers.set("Content-Type", "application/json"))
                .setConnectTimeout(timeoutMillis).setIdleTimeout(timeoutMillis);
        // the answer's handlers are set in the same callback that delivers its head, so no body chunk is missed
        return client.request(request)
                .compose(r -> {
                    abandoned.onComplete(v -> r.reset());
                    return r.send(Buffer.buffer(body)).compose(HttpWire::answer);
                })
                .recover(failure -> Future.failedFuture(new WireException(kind(failure))));
    }

    private static Future<byte[]> answer(HttpClientResponse response) {
        if (response.statusCode() != 200) {
            response.end(); // drain the body so the connection goes back to the pool
            return Future.failedFuture(new WireException("status_" + response.statusCode()));
        }
        Promise<byte[]> done = Promise.promise();
        Buffer collected = Buffer.buffer();
        response.handler(chunk -> {
            if (collected.length() + chunk.length() > MAX_ANSWER_BYTES) {
                response.request().reset();
                done.tryFail(new WireException("answer_too_large"));
            } else {
                collected.appendBuffer(chunk);
            }
        });
        response.exceptionHandler(e -> done.tryFail(new WireException("connection")));
        response.endHandler(v -> done.tryComplete(collected.getBytes()));
        return done.future();
    }

    static String kind(Throwable failure) {
        if (failure instanceof WireException) {
            return failure.getMessage();
        }
        String name = failure.getClass().getSimpleName();
        return name.contains("Timeout") ? "timeout" : "connection";
    }

    @Override
    public void close() {
        client.close();
    }
}
