package io.pulsegate.auth;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;

/** JDK HTTP server on 127.0.0.1:ephemeral that serves one mutable body and counts requests. */
final class CountingServer implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<String> body;
    private final AtomicInteger status = new AtomicInteger(200);
    private volatile boolean chunked;

    CountingServer(String initialBody) throws IOException {
        body = new AtomicReference<>(initialBody);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), chunked ? 0 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    int requests() {
        return requests.get();
    }

    void body(String json) {
        body.set(json);
    }

    void status(int code) {
        status.set(code);
    }

    /** Sends bodies without Content-Length, so only a streaming size cap can stop them. */
    void chunked(boolean on) {
        chunked = on;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
