package io.pulsegate.transport.api;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.pulsegate.api.ApiError;
import io.pulsegate.api.ApiRequest;
import io.pulsegate.trace.Traces;
import io.pulsegate.trace.Tracing;
import io.pulsegate.transport.SampledLog;

/**
 * What a server API method call leaves behind besides its answer: a span {@code api <method>} (attributes method and
 * channel), and for an error reply a count in {@code pulsegate_api_errors_total{method,code}} and one sampled log line
 * carrying the trace id. Thread-safe; nothing blocks.
 */
@ApplicationScoped
public class ApiObserver {

    private static final Logger LOG = Logger.getLogger(ApiObserver.class);
    private static final SampledLog SAMPLED = new SampledLog(LOG, 10_000);

    @Inject
    Tracing tracing;
    @Inject
    MeterRegistry registry;

    private final ConcurrentMap<String, Counter> errors = new ConcurrentHashMap<>();

    /** Starts the span of a call whose method is not decoded yet; {@link #describe} names it. */
    Span start() {
        return tracing.tracer().spanBuilder("api").startSpan();
    }

    /** Starts and describes the span of one command of a batch, as a child of the batch's. */
    Span start(Context parent, ApiRequest command) {
        Span span = tracing.tracer().spanBuilder("api").setParent(parent).startSpan();
        describe(span, command);
        return span;
    }

    /** Names a call's span after its decoded request and sets method and channel. */
    void describe(Span span, ApiRequest request) {
        span.updateName("api " + request.method());
        span.setAttribute(Traces.METHOD, request.method());
        String channel = channelOf(request);
        if (channel != null && !channel.isEmpty()) {
            span.setAttribute(Traces.CHANNEL, channel);
        }
    }

    /** Ends a call that answered with a result. */
    void ok(Span span) {
        Traces.ok(span, "ok");
    }

    /**
     * Ends a call that answered with an error: counts it, logs one sampled line with the trace id.
     *
     * @param method the decoded method, or {@code null} when the body or the method name could not be decoded
     */
    void failed(Span span, String method, ApiError error) {
        String label = method == null || method.isEmpty() ? "unknown" : method;
        if (method == null) {
            span.setAttribute(Traces.METHOD, label);
        }
        errors.computeIfAbsent(label + '|' + error.code(), k -> Counter.builder("pulsegate_api_errors_total")
                .description("Server API calls answered with an error, by method and error code")
                .tags("method", label, "code", Integer.toString(error.code())).register(registry)).increment();
        SAMPLED.info("api_" + label + "_" + error.code(), "server API call failed method=" + label + " code="
                + error.code() + " message=\"" + error.message() + "\"" + Traces.logKey(span));
        Traces.failed(span, Integer.toString(error.code()), error.message());
    }

    /** @return the channel a request acts on, {@code null} when it has none (or several: broadcast) */
    static String channelOf(ApiRequest request) {
        if (request instanceof ApiRequest.Publish r) {
            return r.channel();
        } else if (request instanceof ApiRequest.Subscribe r) {
            return r.channel();
        } else if (request instanceof ApiRequest.Unsubscribe r) {
            return r.channel();
        } else if (request instanceof ApiRequest.Presence r) {
            return r.channel();
        } else if (request instanceof ApiRequest.PresenceStats r) {
            return r.channel();
        } else if (request instanceof ApiRequest.History r) {
            return r.channel();
        } else if (request instanceof ApiRequest.HistoryRemove r) {
            return r.channel();
        }
        return null;
    }
}
