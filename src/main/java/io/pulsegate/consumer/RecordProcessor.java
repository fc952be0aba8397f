package io.pulsegate.consumer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.pulsegate.api.ApiException;
import io.pulsegate.api.ApiJson;
import io.pulsegate.api.ApiRequest;
import io.pulsegate.trace.Traces;
import io.smallrye.mutiny.Uni;

/**
 * Turns one consumed record into a server API command and applies it. The record is Centrifugo's async consumer
 * format: the method from a header or field and the payload alone, or {@code {"method":"publish","payload":{…}}}
 * where the payload may also be a JSON string holding the object. Thread-safe; never fails: every record ends as
 * {@link Outcome#APPLIED}, {@link Outcome#MALFORMED} (acknowledge and skip or park it) or {@link Outcome#RETRY}
 * (leave it unacknowledged and try again later).
 */
public final class RecordProcessor {

    /** What became of a record. */
    public enum Outcome {
        /** The command took effect: acknowledge the record. */
        APPLIED,
        /** Not a valid command, now or ever: count it, log it once, skip or park it. */
        MALFORMED,
        /** The engine is unavailable: do not acknowledge, pause, retry. */
        RETRY
    }

    /** An outcome with a short reason for the one log line of a failure. */
    public record Result(Outcome outcome, String reason) {
        static final Result APPLIED = new Result(Outcome.APPLIED, "");
    }

    private static final JsonFactory JSON = new JsonFactory();

    private final ApiJson api = new ApiJson();
    private final CommandSink sink;
    private final Tracer tracer;
    private final String consumer;

    /** An untraced processor (tests). */
    public RecordProcessor(CommandSink sink) {
        this(sink, Traces.NOOP, "");
    }

    /** A processor of the consumer {@code consumer} whose records are spans {@code consume <consumer>}. */
    public RecordProcessor(CommandSink sink, Tracer tracer, String consumer) {
        this.sink = sink;
        this.tracer = tracer;
        this.consumer = consumer;
    }

    /**
     * Handles one record in a span of its own; the reason of a failed result ends with the trace id
     * ({@link Traces#logKey}) for the consumer's one log line.
     *
     * @param method the API method when the source carries it apart (header, field), else {@code null} or empty
     * @param body the payload, or the {@code {"method","payload"}} envelope without a method
     */
    public Uni<Result> process(String method, byte[] body) {
        Span span = tracer.spanBuilder("consume " + consumer).setSpanKind(SpanKind.CONSUMER)
                .setAttribute(Traces.CONSUMER, consumer).startSpan();
        ApiRequest request;
        try {
            request = decode(method, body);
        } catch (ApiException | IOException | RuntimeException e) {
            return Uni.createFrom().item(end(span, new Result(Outcome.MALFORMED, "undecodable record")));
        }
        if (request instanceof ApiRequest.Batch) {
            return Uni.createFrom().item(end(span, new Result(Outcome.MALFORMED, "batch is not a consumer method")));
        }
        span.setAttribute(Traces.METHOD, request.method());
        String channel = channelOf(request);
        if (channel != null) {
            span.setAttribute(Traces.CHANNEL, channel);
        }
        Uni<Void> applied;
        try (Scope ignored = span.makeCurrent()) {
            applied = sink.apply(request);
        }
        return applied.replaceWith(Result.APPLIED).onFailure()
                .recoverWithItem(failure -> failure instanceof CommandSink.Unavailable
                        ? new Result(Outcome.RETRY, failure.getMessage())
                        : new Result(Outcome.MALFORMED, String.valueOf(failure.getMessage())))
                .map(result -> end(span, result));
    }

    private static Result end(Span span, Result result) {
        String outcome = result.outcome().name().toLowerCase(java.util.Locale.ROOT);
        if (result.outcome() == Outcome.APPLIED) {
            Traces.ok(span, outcome);
            return result;
        }
        Traces.failed(span, outcome, result.reason());
        return new Result(result.outcome(), result.reason() + Traces.logKey(span));
    }

    private static String channelOf(ApiRequest request) {
        if (request instanceof ApiRequest.Publish r) {
            return r.channel();
        } else if (request instanceof ApiRequest.Subscribe r) {
            return r.channel();
        } else if (request instanceof ApiRequest.Unsubscribe r) {
            return r.channel();
        } else if (request instanceof ApiRequest.HistoryRemove r) {
            return r.channel();
        }
        return null;
    }

    private ApiRequest decode(String method, byte[] body) throws ApiException, IOException {
        if (method != null && !method.isEmpty()) {
            return api.decode(method, body);
        }
        String envelopeMethod = null;
        byte[] payload = null;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not an object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("method".equals(name) && value == JsonToken.VALUE_STRING) {
                    envelopeMethod = p.getText();
                } else if ("payload".equals(name) && value == JsonToken.VALUE_STRING) {
                    payload = p.getText().getBytes(StandardCharsets.UTF_8);
                } else if ("payload".equals(name) && value == JsonToken.START_OBJECT) {
                    long start = p.currentTokenLocation().getByteOffset();
                    p.skipChildren();
                    long end = p.currentLocation().getByteOffset();
                    payload = java.util.Arrays.copyOfRange(body, (int) start, (int) end);
                } else {
                    p.skipChildren();
                }
            }
        }
        if (envelopeMethod == null || payload == null) {
            throw new IOException("no method or payload");
        }
        return api.decode(envelopeMethod, payload);
    }
}
