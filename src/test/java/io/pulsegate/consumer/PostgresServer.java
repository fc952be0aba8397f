package io.pulsegate.consumer;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * A throw-away PostgreSQL cluster for tests: {@code initdb} into a temporary directory, {@code pg_ctl start} on a free
 * 127.0.0.1 port (its socket in the same directory, never the machine's default instance), trust authentication for
 * user {@code postgres}, no fsync. Requires {@code initdb} and {@code pg_ctl} on PATH (check {@link #available()}).
 * PostgreSQL refuses to run as root: under root the commands run as the {@code postgres} user through {@code su},
 * which then owns the directory.
 */
public final class PostgresServer implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 60;

    private final int port;
    private final Path dir;
    private final Vertx vertx = Vertx.vertx();

    private PostgresServer(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** @return whether {@code initdb} is on PATH */
    public static boolean available() {
        return onPath("initdb") && onPath("pg_ctl");
    }

    private static boolean onPath(String binary) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, binary)));
    }

    /** Creates a cluster in a temporary directory and starts it on a free port. */
    public static PostgresServer start() throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path dir = Files.createTempDirectory("pulsegate-pg");
        if (asRoot()) {
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
        }
        PostgresServer server = new PostgresServer(port, dir);
        server.run(command("initdb", "-D", dir.resolve("data").toString(), "-U", "postgres", "--auth=trust", "-E",
                "UTF8", "--no-sync"));
        server.launch();
        return server;
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Starts (again) on the same port and data directory: committed rows survive, as after a crash. */
    public void launch() throws IOException, InterruptedException {
        run(startCommand());
    }

    /** Stops at once ({@code -m immediate}: no checkpoint, connections cut), as a crash. */
    public void kill() throws IOException, InterruptedException {
        run(stopCommand());
    }

    /**
     * @return the command line of {@link #launch()} ({@code pg_ctl … -w start}, which returns once the server accepts
     *         connections), for a test process that restarts the server itself
     */
    public List<String> startCommand() {
        return command("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(),
                "-w", "-t", Long.toString(TIMEOUT_SECONDS), "-o", "-p " + port + " -k " + dir
                        + " -c listen_addresses=127.0.0.1 -c fsync=off",
                "start");
    }

    /** @return the command line of {@link #kill()} ({@code pg_ctl … -m immediate -w stop}) */
    public List<String> stopCommand() {
        return command("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
    }

    public int port() {
        return port;
    }

    /** @return {@code postgresql://postgres@127.0.0.1:<port>/postgres} */
    public String url() {
        return "postgresql://postgres@127.0.0.1:" + port + "/postgres";
    }

    /**
     * Runs one statement on a fresh connection and waits for it (test threads only). Without parameters it uses the
     * simple protocol, so {@code sql} may hold several statements separated by {@code ;}.
     *
     * @return the rows of the (last) result
     */
    public List<Row> sql(String sql, Object... params) throws Exception {
        return PgConnection.connect(vertx, PgConnectOptions.fromUri(url())).compose(conn -> {
            var rows = params.length == 0
                    ? conn.query(sql).execute()
                    : conn.preparedQuery(sql).execute(Tuple.wrap(params));
            return rows.andThen(ar -> conn.close());
        }).map(rows -> {
            List<Row> out = new ArrayList<>();
            rows.forEach(out::add);
            return out;
        }).toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** @return the first column of the first row of {@code sql} as a long */
    public long count(String sql, Object... params) throws Exception {
        return sql(sql, params).get(0).getLong(0);
    }

    /** @return {@code command}, run as user {@code postgres} through {@code su} when this JVM runs as root */
    private static List<String> command(String... command) {
        if (!asRoot()) {
            return List.of(command);
        }
        StringBuilder line = new StringBuilder();
        for (String arg : command) {
            line.append('\'').append(arg.replace("'", "'\\''")).append("' ");
        }
        return List.of("su", "postgres", "-s", "/bin/sh", "-c", line.toString());
    }

    private void run(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + out + "\nserver log: "
                    + dir.resolve("server.log"));
        }
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() throws Exception {
        try {
            if (Files.exists(dir.resolve("data").resolve("postmaster.pid"))) {
                kill();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
