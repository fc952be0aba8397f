package io.pulsegate.consumer;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;

/**
 * A real {@code nats-server -js} for tests, on a free 127.0.0.1 port with its JetStream store in a temporary directory
 * (never the machine's server on 4222). The store survives {@link #kill()} and {@link #launch()}, as after a crash.
 * Looks for the binary on PATH and in {@code /usr/sbin} (Debian's package installs it there). {@link #prepare()} only
 * picks the port and store, for a test process that runs (and crashes) the server itself from
 * {@link #launchCommand()}.
 */
public final class NatsServer implements AutoCloseable {

    private final int port;
    private final Path dir;
    private final String binary;
    private Process process;

    private NatsServer(int port, Path dir, String binary) {
        this.port = port;
        this.dir = dir;
        this.binary = binary;
    }

    /** @return the nats-server binary, or {@code null} when there is none */
    public static String binary() {
        String path = System.getenv("PATH") + File.pathSeparator + "/usr/sbin";
        return Stream.of(path.split(File.pathSeparator)).filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, "nats-server")).filter(Files::isExecutable).map(Path::toString).findFirst()
                .orElse(null);
    }

    public static NatsServer start() throws IOException, InterruptedException {
        NatsServer server = prepare();
        server.launch();
        return server;
    }

    /** A server on a free port and a fresh store, not started. */
    public static NatsServer prepare() throws IOException {
        String binary = binary();
        if (binary == null) {
            throw new IllegalStateException("nats-server is not installed (Debian package nats-server)");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return new NatsServer(port, Files.createTempDirectory("pulsegate-nats"), binary);
    }

    /** @return the command line that runs this server in the foreground */
    public List<String> launchCommand() {
        return List.of(binary, "-js", "-a", "127.0.0.1", "-p", Integer.toString(port), "-sd",
                dir.resolve("store").toString());
    }

    /**
     * Starts (again) on the same port and store; returns once JetStream answers. The port opens before JetStream has
     * recovered its store, and a stream created in between times out.
     */
    public void launch() throws IOException, InterruptedException {
        process = new ProcessBuilder(launchCommand()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("nats-server exited: " + Files.readString(dir.resolve("server.log")));
            }
            if (listening() && jetStreamAnswers()) {
                return;
            }
            Thread.sleep(20); // polling for readiness with a deadline
        }
        throw new IOException("nats-server did not get ready on " + port);
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean jetStreamAnswers() throws InterruptedException {
        Options options = Options.builder().server(url()).connectionTimeout(Duration.ofSeconds(1)).maxReconnects(0)
                .build();
        try (Connection connection = Nats.connect(options)) {
            connection.jetStreamManagement(JetStreamOptions.builder().requestTimeout(Duration.ofSeconds(1)).build())
                    .getAccountStatistics();
            return true;
        } catch (IOException | JetStreamApiException e) {
            return false;
        }
    }

    /** kill -9 of the server {@link #launch()} started, if any. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
