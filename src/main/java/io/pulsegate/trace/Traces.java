package io.pulsegate.trace;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;

/**
 * Names and attributes of Pulsegate's own spans: one per server API method call ({@code api <method>}), per backend
 * proxy call ({@code proxy <event>}) and per consumed record ({@code consume <consumer>}), and the key that puts a
 * span's trace id into the one log line of a failure. The {@link Tracer} comes from quarkus-opentelemetry; with
 * {@code quarkus.otel.sdk.disabled=true} (the default) it is a no-op: spans do not record and log lines carry no trace
 * id. Stateless and thread-safe; nothing here blocks.
 */
public final class Traces {

    /** Instrumentation scope of every Pulsegate span. */
    public static final String SCOPE = "io.pulsegate";
    /** A tracer that records nothing, for code built outside CDI (unit tests). */
    public static final Tracer NOOP = OpenTelemetry.noop().getTracer(SCOPE);

    /** Server API method ({@code publish}, {@code presence}, …; {@code unknown} for a method that does not exist). */
    public static final AttributeKey<String> METHOD = AttributeKey.stringKey("pulsegate.api.method");
    /** The channel of a call or record, where it has one. */
    public static final AttributeKey<String> CHANNEL = AttributeKey.stringKey("pulsegate.channel");
    /** Name of the backend proxy ({@code pulsegate.proxies.<name>}). */
    public static final AttributeKey<String> PROXY = AttributeKey.stringKey("pulsegate.proxy");
    /** Proxy event: connect, refresh, subscribe, publish, sub_refresh, rpc. */
    public static final AttributeKey<String> EVENT = AttributeKey.stringKey("pulsegate.proxy.event");
    /** Name of the consumer ({@code pulsegate.consumers.<name>}). */
    public static final AttributeKey<String> CONSUMER = AttributeKey.stringKey("pulsegate.consumer");
    /** How it ended: {@code ok} or an API error code (API), allowed/refused/disconnected/unavailable (proxy), … */
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("pulsegate.outcome");
    /** Why a call failed, in the words of its metrics' {@code kind} label ({@code timeout}, {@code refused}, …). */
    public static final AttributeKey<String> ERROR_KIND = AttributeKey.stringKey("pulsegate.error.kind");

    private Traces() {
    }

    /**
     * @return {@code " trace_id=<32 hex>"} for a span that records, {@code ""} otherwise (with the SDK disabled
     *         Quarkus's tracer still hands out span contexts with ids, but they record nothing): appended to the one
     *         log line of a failure so it leads to its trace
     */
    public static String logKey(Span span) {
        return traced(span) ? " trace_id=" + span.getSpanContext().getTraceId() : "";
    }

    /** @return whether the span records, so will be exported: only then does its context travel to backends */
    public static boolean traced(Span span) {
        return span.isRecording();
    }

    /** Ends a span that succeeded with its outcome. */
    public static void ok(Span span, String outcome) {
        span.setAttribute(OUTCOME, outcome);
        span.end();
    }

    /** Ends a span that failed: its outcome, the failure's kind, and the error status. */
    public static void failed(Span span, String outcome, String kind) {
        span.setAttribute(OUTCOME, outcome);
        span.setAttribute(ERROR_KIND, kind);
        span.setStatus(StatusCode.ERROR, kind);
        span.end();
    }
}
