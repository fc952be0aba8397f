package io.pulsegate.consumer;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one process) on free loopback ports, run
 * as its own JVM from the test classpath ({@code org.apache.kafka:kafka_2.13}, test scope): the storage is formatted
 * with {@code kafka.tools.StorageTool}, then {@code kafka.Kafka} starts. The data survives {@link #restart()}, as
 * after a crash; {@link #close()} deletes it. Never touches a broker on the standard ports. The broker's log is
 * {@code kafka.log} in its temporary directory (its tail is in the exception when it does not start).
 * {@link #prepare()} only formats the storage, for a test process that runs (and crashes) the broker itself from
 * {@link #launchCommand()}.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Duration START_DEADLINE = Duration.ofSeconds(60);

    private final int port;
    private final Path dir;
    private final Path properties;
    private Process process;

    private KafkaBroker(int port, Path dir, Path properties) {
        this.port = port;
        this.dir = dir;
        this.properties = properties;
    }

    /** Formats a fresh storage, starts the broker and waits until a record can be produced. */
    public static KafkaBroker start() throws IOException, InterruptedException {
        KafkaBroker broker = prepare();
        broker.launch();
        return broker;
    }

    /** Writes the configuration and formats a fresh storage on free ports, without starting the broker. */
    public static KafkaBroker prepare() throws IOException, InterruptedException {
        int port = freePort();
        int controllerPort = freePort();
        Path dir = Files.createTempDirectory("pulsegate-kafka");
        Path properties = dir.resolve("server.properties");
        Files.writeString(properties, String.join("\n", List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=1",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // a restarted broker registers again once the session of its killed self expired (default 9 s)
                "broker.session.timeout.ms=2000",
                "broker.heartbeat.interval.ms=500")) + "\n");
        // the test classpath logs through JBoss LogManager: INFO lines of the broker go to kafka.log
        Files.writeString(dir.resolve("logging.properties"), String.join("\n", List.of(
                "logger.level=INFO",
                "logger.handlers=CONSOLE",
                "handler.CONSOLE=org.jboss.logmanager.handlers.ConsoleHandler",
                "handler.CONSOLE.formatter=PATTERN",
                "formatter.PATTERN=org.jboss.logmanager.formatters.PatternFormatter",
                "formatter.PATTERN.properties=pattern",
                "formatter.PATTERN.pattern=%d{HH:mm:ss,SSS} %-5p [%c] %s%e%n")) + "\n");
        KafkaBroker broker = new KafkaBroker(port, dir, properties);
        broker.format();
        return broker;
    }

    private void format() throws IOException, InterruptedException {
        Process format = new ProcessBuilder(java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid()
                .toString(), "-c", properties.toString())).redirectErrorStream(true)
                .redirectOutput(dir.resolve("format.log").toFile()).start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IOException("kafka storage format failed: " + Files.readString(dir.resolve("format.log")));
        }
    }

    /** Starts the broker (again, on the same ports and data) and waits until a record can be produced. */
    public void launch() throws IOException, InterruptedException {
        process = new ProcessBuilder(launchCommand()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("kafka.log").toFile())).start();
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 4_000), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("kafka exited:\n" + logTail());
                }
                try {
                    producer.send(new ProducerRecord<>("pulsegate-probe", new byte[1])).get(5, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | KafkaException | java.util.concurrent.TimeoutException notYet) {
                    LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
                }
            }
        }
        process.destroyForcibly();
        throw new IOException("kafka did not accept a record within " + START_DEADLINE + ":\n" + logTail());
    }

    /**
     * @return the command line of the broker ({@code java -cp <test classpath> kafka.Kafka <properties>}), the same
     *         for every start: ports and data stay
     */
    public List<String> launchCommand() {
        return java("kafka.Kafka", properties.toString());
    }

    private List<String> java(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-Dlogging.configuration=" + dir.resolve("logging.properties").toUri(), "-cp", classpath(),
                mainClass));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * The test classpath without Quarkus' bootstrap runner, whose log configurator would hold every log record back
     * until a Quarkus application configures logging (never, in the broker).
     */
    private static String classpath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("quarkus-bootstrap-runner"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("kafka.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no kafka.log: " + e.getMessage() + ")";
        }
    }

    /** Kills the broker started by {@link #launch()} (SIGKILL), as a crash. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Kills the broker and starts it again on the same ports and data. */
    public void restart() throws IOException, InterruptedException {
        kill();
        launch();
    }

    /** @return the port of the PLAINTEXT listener, on 127.0.0.1 */
    public int port() {
        return port;
    }

    /** @return {@code 127.0.0.1:<port>}, the PLAINTEXT listener */
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Kills the broker started by {@link #launch()}, if any, and deletes its data. */
    @Override
    public void close() throws InterruptedException, IOException {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
