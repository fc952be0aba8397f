package io.pulsegate.consumer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PullSubscribeOptions;
import io.pulsegate.config.ConsumerConfig;
import io.pulsegate.transport.SampledLog;
import io.smallrye.mutiny.Uni;

/**
 * Consumes a NATS JetStream stream ({@code stream}, optionally filtered to {@code topics}) through the durable pull
 * consumer {@code group}, with the official Java client on one dedicated daemon thread. Records are applied one by
 * one in stream order ({@link BlockingProcessor}); each record is acknowledged ({@code AckPolicy.ALL}; the last of a
 * pull synchronously) only once applied or deliberately skipped (malformed; with
 * {@code on-malformed=park} first published to {@code pulsegate.parked.<stream>}, a stream this consumer creates).
 * While the engine is unavailable the unapplied rest of the batch is held (kept alive with {@code +WPI}) and retried
 * after {@code retry-backoff}: nothing is skipped or reordered.
 *
 * <p>
 * Across nodes one holder of a {@link NatsLease} reads at a time ({@code claim-idle} is the lease time and the
 * consumer's ack wait). A new holder that finds records another node left unacknowledged recreates the durable
 * consumer at the ack floor, so they come back first and in order rather than after their ack wait. {@link #connected()}
 * follows fetches and a periodic consumer-info probe, which also sets the lag (pending plus unacknowledged records).
 */
final class NatsJetStreamConsumer implements Consumer {

    private static final Logger LOG = Logger.getLogger(NatsJetStreamConsumer.class);

    /** How often connectivity and lag are checked. */
    private static final long PROBE_INTERVAL_NANOS = Duration.ofSeconds(2).toNanos();
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);

    private final Consumers.Context ctx;
    private final ConsumerConfig config;
    private final SampledLog log;
    private final String nodeId = UUID.randomUUID().toString();
    /** Fetched records not applied yet (the engine asked to retry); touched only by the consumer thread. */
    private final List<Message> held = new ArrayList<>();
    private final ConsumerThread life;
    private String stream;
    private NatsLease lease;
    private NatsDurable durable;
    private BlockingProcessor processor;
    private long nextProbeNanos;
    /** Highest stream sequence this holder received since it (re)prepared the durable consumer. */
    private long highestSeen;

    NatsJetStreamConsumer(Consumers.Context ctx) {
        this.ctx = ctx;
        this.config = ctx.config();
        this.log = new SampledLog(LOG, 10_000);
        this.life = new ConsumerThread(ctx, log);
    }

    @Override
    public String name() {
        return ctx.name();
    }

    @Override
    public synchronized void start() {
        stream = config.stream().filter(s -> !s.isEmpty()).orElseThrow(
                () -> new IllegalStateException("consumer '" + ctx.name() + "': stream is required for nats"));
        if (config.pollInterval().multipliedBy(3).compareTo(config.claimIdle()) > 0
                || config.retryBackoff().multipliedBy(3).compareTo(config.claimIdle()) > 0) {
            throw new IllegalStateException("consumer '" + ctx.name() + "': claim-idle (the lease and ack wait) must "
                    + "be at least three times poll-interval and retry-backoff");
        }
        lease = new NatsLease(stream, config.group(), nodeId, config.claimIdle());
        durable = new NatsDurable(stream, config);
        processor = new BlockingProcessor(ctx);
        life.start("nats", this::run);
    }

    @Override
    public synchronized Uni<Void> stop() {
        return life.stop();
    }

    @Override
    public boolean connected() {
        return life.connected();
    }

    private void run() {
        while (life.running()) {
            Connection connection = connect();
            if (connection == null) {
                life.pause(config.retryBackoff());
                continue;
            }
            try {
                session(connection); // returns when stopped or after a failure: then a fresh connection
            } finally {
                if (!life.running()) {
                    lease.release(); // a clean stop hands over at once; after a failure this node goes on
                }
                close(connection);
            }
        }
    }

    private Connection connect() {
        Options options = new Options.Builder().server(config.url()).connectionName("pulsegate-" + ctx.name())
                .connectionTimeout(Duration.ofSeconds(5)).maxReconnects(-1).reconnectWait(config.retryBackoff())
                .errorListener(new QuietErrors()).build();
        try {
            return Nats.connect(options);
        } catch (IOException e) {
            life.down("source_unreachable", "cannot connect", e);
            return null;
        } catch (InterruptedException e) {
            life.interrupted();
            return null;
        }
    }

    /** Holds (or waits for) the lease and consumes until stopped or a source call fails. */
    private void session(Connection connection) {
        JetStreamSubscription subscription = null;
        held.clear(); // what a failed session held is redelivered from the ack floor
        try {
            lease.bind(connection);
            JetStreamManagement jsm = connection.jetStreamManagement();
            while (life.running()) {
                boolean wasHolder = lease.held();
                if (!lease.tryAcquire()) {
                    subscription = unsubscribe(subscription, wasHolder);
                    life.up(); // reachable, standing by
                    life.pause(config.pollInterval());
                    continue;
                }
                if (subscription == null) {
                    durable.prepare(jsm);
                    highestSeen = 0;
                    subscription = connection.jetStream().subscribe(null,
                            PullSubscribeOptions.bind(stream, config.group()));
                    LOG.infof("consumer %s: reading stream=%s durable=%s", ctx.name(), stream, config.group());
                }
                round(connection, subscription);
                probe(jsm);
            }
        } catch (IOException | JetStreamApiException | TimeoutException | RuntimeException e) {
            life.down("source_unreachable", "nats call failed", e);
            life.pause(config.retryBackoff());
        } catch (InterruptedException e) {
            life.interrupted();
        } finally {
            unsubscribe(subscription, false);
        }
    }

    /**
     * One pull of up to {@code batch-size} records, each applied as it arrives (or the held ones first), each
     * acknowledged once done ({@code AckPolicy.ALL}: the whole prefix); the last one synchronously, so a round ends
     * with everything it applied acknowledged. After a record the engine could not take, the rest is held.
     */
    private void round(Connection connection, JetStreamSubscription subscription)
            throws TimeoutException, InterruptedException {
        boolean pulled = held.isEmpty();
        Iterator<Message> batch;
        if (pulled) {
            batch = subscription.iterate(config.batchSize(), config.pollInterval());
            life.up();
        } else {
            List<Message> retry = new ArrayList<>(held);
            held.clear();
            retry.forEach(Message::inProgress);
            batch = retry.iterator();
        }
        Message last = null;
        while (batch.hasNext()) {
            Message message = batch.next();
            long seq = message.metaData().streamSequence();
            if (pulled && seq <= highestSeen) {
                continue; // redelivered after its ack wait while this holder had it: applied or held already
            }
            highestSeen = Math.max(highestSeen, seq);
            if (!held.isEmpty() || !life.running()) {
                held.add(message); // after a record to retry: kept, in order, unacknowledged
            } else if (applyOne(connection, message)) {
                message.ack();
                last = message;
            } else {
                held.add(message);
            }
        }
        if (last != null) {
            last.ackSync(ACK_TIMEOUT);
        }
        if (!held.isEmpty() && life.running()) {
            life.pause(config.retryBackoff());
        }
    }

    /** @return whether the record may be acknowledged (applied, or malformed and skipped or parked) */
    private boolean applyOne(Connection connection, Message message) {
        String method = message.getHeaders() == null ? null : message.getHeaders().getFirst(config.methodField());
        byte[] body = message.getData() == null ? new byte[0] : message.getData();
        RecordProcessor.Result result = processor.apply(method, body);
        long seq = message.metaData().streamSequence();
        return switch (result.outcome()) {
            case APPLIED -> true;
            case RETRY -> {
                log.info("engine_unavailable", "consumer " + ctx.name() + ": engine unavailable, pausing stream="
                        + stream + " seq=" + seq + ": " + result.reason());
                yield false;
            }
            case MALFORMED -> {
                log.info("malformed", "consumer " + ctx.name() + ": malformed record stream=" + stream + " seq="
                        + seq + ": " + result.reason());
                yield config.onMalformed() != ConsumerConfig.MalformedPolicy.PARK
                        || park(connection, message, result.reason());
            }
        };
    }

    private boolean park(Connection connection, Message message, String reason) {
        try {
            durable.park(connection.jetStream(), message, reason);
            return true;
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            log.info("park_failed", "consumer " + ctx.name() + ": cannot park record seq="
                    + message.metaData().streamSequence() + ", retrying: " + e.getMessage());
            return false;
        }
    }

    /** Every {@link #PROBE_INTERVAL_NANOS}: asks the consumer info (reachability) and refreshes the lag. */
    private void probe(JetStreamManagement jsm) throws IOException, JetStreamApiException {
        long now = System.nanoTime();
        if (now - nextProbeNanos < 0) {
            return;
        }
        nextProbeNanos = now + PROBE_INTERVAL_NANOS;
        ctx.metrics().lag(durable.lag(jsm));
        life.up();
    }

    private JetStreamSubscription unsubscribe(JetStreamSubscription subscription, boolean lost) {
        if (subscription != null) {
            if (lost) {
                LOG.infof("consumer %s: lease lost, standing by", ctx.name());
            }
            held.clear();
            try {
                subscription.unsubscribe();
            } catch (RuntimeException e) {
                LOG.debugf("consumer %s: unsubscribe failed: %s", ctx.name(), e.getMessage());
            }
        }
        return null;
    }

    /** The client's errors (each reconnect attempt, slow consumers) as sampled lines, not one SEVERE line each. */
    private final class QuietErrors implements ErrorListener {

        @Override
        public void errorOccurred(Connection conn, String error) {
            log.info("server_error", "consumer " + ctx.name() + ": nats server error: " + error);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            log.info("client_error", "consumer " + ctx.name() + ": nats client: " + exp);
        }
    }

    private void close(Connection connection) {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
