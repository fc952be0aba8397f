package io.pulsegate.consumer;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.pulsegate.config.ConsumerConfig;

/**
 * The JetStream objects one {@link NatsJetStreamConsumer} reads and writes: its durable pull consumer (created when
 * missing with {@code AckPolicy.ALL}, the configured filter and {@code claim-idle} as ack wait) and, with
 * {@code on-malformed=park}, the stream {@code <stream>_parked} on subject {@code pulsegate.parked.<stream>}. The stream
 * itself belongs to the application and is never created here.
 */
final class NatsDurable {

    private static final Logger LOG = Logger.getLogger(NatsDurable.class);

    /** JetStream API errors: consumer not found, stream not found. */
    private static final int CONSUMER_NOT_FOUND = 10014;
    private static final int STREAM_NOT_FOUND = 10059;

    private final String stream;
    private final ConsumerConfig config;
    private final String parkedStream;
    private final String parkedSubject;

    NatsDurable(String stream, ConsumerConfig config) {
        this.stream = stream;
        this.config = config;
        String token = stream.replaceAll("[^A-Za-z0-9_-]", "_");
        this.parkedStream = token + "_parked";
        this.parkedSubject = "pulsegate.parked." + token;
    }

    /**
     * Makes the durable consumer ready for a new lease holder. When records are delivered but unacknowledged (a
     * previous holder died or stopped mid-batch) or the existing consumer differs from what this one needs, it is
     * recreated to start right after the ack floor: the unacknowledged records come back first, in stream order.
     */
    void prepare(JetStreamManagement jsm) throws IOException, JetStreamApiException {
        ConsumerInfo info = info(jsm);
        if (info == null) {
            jsm.addOrUpdateConsumer(stream, base().deliverPolicy(DeliverPolicy.All).build());
        } else if (info.getNumAckPending() > 0 || !compatible(info.getConsumerConfiguration())) {
            long from = info.getAckFloor().getStreamSequence() + 1;
            jsm.deleteConsumer(stream, config.group());
            jsm.addOrUpdateConsumer(stream, base().deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(from)
                    .build());
            LOG.infof("nats durable %s on %s recreated from stream sequence %d (%d unacknowledged)", config.group(),
                    stream, from, info.getNumAckPending());
        }
        if (config.onMalformed() == ConsumerConfig.MalformedPolicy.PARK) {
            ensureParkedStream(jsm);
        }
    }

    private ConsumerInfo info(JetStreamManagement jsm) throws IOException, JetStreamApiException {
        try {
            return jsm.getConsumerInfo(stream, config.group());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == CONSUMER_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    private ConsumerConfiguration.Builder base() {
        ConsumerConfiguration.Builder b = ConsumerConfiguration.builder().durable(config.group())
                .ackPolicy(AckPolicy.All).ackWait(config.claimIdle()).maxDeliver(-1)
                .maxAckPending(Math.max(1000, 2L * config.batchSize()));
        List<String> subjects = subjects();
        if (subjects.size() == 1) {
            b.filterSubject(subjects.get(0));
        } else if (subjects.size() > 1) {
            b.filterSubjects(subjects); // NATS 2.10+
        }
        return b;
    }

    private List<String> subjects() {
        return config.topics().orElse(List.of()).stream().filter(s -> !s.isEmpty()).toList();
    }

    private boolean compatible(ConsumerConfiguration existing) {
        List<String> filters = existing.getFilterSubjects() == null ? List.of() : existing.getFilterSubjects();
        return existing.getAckPolicy() == AckPolicy.All && config.claimIdle().equals(existing.getAckWait())
                && filters.equals(subjects());
    }

    private void ensureParkedStream(JetStreamManagement jsm) throws IOException, JetStreamApiException {
        try {
            jsm.getStreamInfo(parkedStream);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            jsm.addStream(StreamConfiguration.builder().name(parkedStream).subjects(parkedSubject)
                    .storageType(StorageType.File).build());
        }
    }

    /** Publishes a malformed record to the parked stream with its origin and the reason in headers. */
    void park(JetStream js, Message message, String reason) throws IOException, JetStreamApiException {
        Headers headers = new Headers();
        if (message.getHeaders() != null) {
            for (Map.Entry<String, List<String>> e : message.getHeaders().entrySet()) {
                headers.put(e.getKey(), e.getValue());
            }
        }
        headers.put("Pulsegate-Origin-Subject", message.getSubject());
        headers.put("Pulsegate-Origin-Sequence", Long.toString(message.metaData().streamSequence()));
        headers.put("Pulsegate-Reason", reason.isEmpty() ? "malformed" : reason);
        js.publish(parkedSubject, headers, message.getData());
    }

    /** @return records of the stream this consumer has not applied yet: not delivered plus unacknowledged */
    long lag(JetStreamManagement jsm) throws IOException, JetStreamApiException {
        ConsumerInfo info = jsm.getConsumerInfo(stream, config.group());
        return info.getNumPending() + info.getNumAckPending();
    }
}
