package io.pulsegate.it.soak;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a free loopback port for the chaos soak: round-robin over its upstreams (the plain load balancer in
 * front of the gateway nodes), and a switch that cuts the link (the node-to-Redis network partition): {@link #cut()}
 * drops every open connection and refuses new ones until {@link #restore()}. One thread per direction per connection;
 * bounded by the soak's client count.
 */
final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final List<Integer> upstreams;
    private final AtomicInteger next = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile boolean closed;

    TcpProxy(String name, List<Integer> upstreams) throws IOException {
        this.upstreams = upstreams;
        this.server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "proxy-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Drops every connection and refuses new ones. */
    void cut() {
        cut = true;
        open.forEach(TcpProxy::closeQuietly);
    }

    void restore() {
        cut = false;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                if (cut) {
                    closeQuietly(client);
                    continue;
                }
                connect(client);
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
            }
        }
    }

    /** Tries each upstream once from the next in turn, like a balancer skipping a dead backend. */
    private void connect(Socket client) {
        for (int attempt = 0; attempt < upstreams.size(); attempt++) {
            int port = upstreams.get(Math.floorMod(next.getAndIncrement(), upstreams.size()));
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                open.add(client);
                open.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
                return;
            } catch (IOException e) {
                closeQuietly(upstream);
            }
        }
        closeQuietly(client);
    }

    private void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // one side went away: close both below
            } finally {
                drop(from);
                drop(to);
            }
        }, "pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private void drop(Socket socket) {
        open.remove(socket);
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        open.forEach(TcpProxy::closeQuietly);
    }
}
