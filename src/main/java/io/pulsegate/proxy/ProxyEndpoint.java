package io.pulsegate.proxy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.pulsegate.config.ProxyConfig;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ErrorCode;
import io.pulsegate.protocol.ProtocolError;
import io.pulsegate.trace.Traces;
import io.pulsegate.transport.SampledLog;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * One named backend ({@code pulsegate.proxies.<name>}): encodes an event, sends it with the connection's allowed
 * headers, enforces the deadline and the in-flight cap, and validates the answer into a {@link ProxyDecision}. Never
 * fails: every problem is a decision ({@link ProxyDecision.Unavailable} for the backend's, {@link ProxyDecision.Refused}
 * 107 for a payload the wire cannot carry), counted in metrics and logged once per kind and interval.
 *
 * <p>
 * Thread-safe; {@link #call} does not block. The returned stage may complete on any event loop.
 */
public final class ProxyEndpoint {

    private static final Logger LOG = Logger.getLogger(ProxyEndpoint.class);
    private static final SampledLog SAMPLED = new SampledLog(LOG, 10_000);
    /** WebSocket close reasons are limited to 123 bytes. */
    private static final int MAX_REASON_BYTES = 123;
    private static final ProtocolError BAD_PAYLOAD = ProtocolError.of(ErrorCode.BAD_REQUEST);

    private final String name;
    private final ProxyConfig config;
    private final ProxyCodec codec;
    private final ProxyWire wire;
    private final ProxyMetrics metrics;
    private final Vertx vertx;
    private final Tracer tracer;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<String> httpHeaders;
    private final List<String> emulatedHeaders;

    ProxyEndpoint(String name, ProxyConfig config, ProxyCodec codec, ProxyWire wire, ProxyMetrics metrics,
            Vertx vertx, Tracer tracer) {
        this.name = name;
        this.config = config;
        this.codec = codec;
        this.wire = wire;
        this.metrics = metrics;
        this.vertx = vertx;
        this.tracer = tracer;
        this.httpHeaders = lower(config.httpHeaders().orElse(List.of()));
        this.emulatedHeaders = lower(config.emulatedHeaders().orElse(List.of()));
        metrics.inFlight(name, inFlight);
    }

    public String name() {
        return name;
    }

    /** @return whether this proxy forwards any header the client sends in its connect command */
    boolean forwardsEmulatedHeaders() {
        return !emulatedHeaders.isEmpty();
    }

    /**
     * Asks the backend; see the type Javadoc for what the stage can hold. The call is a span {@code proxy <event>}
     * (a child of the current span) ended with the decision's outcome; a traced call carries {@code traceparent}.
     */
    public CompletionStage<ProxyDecision> call(ProxyEvent event, Caller caller, ProxyRequest request) {
        Span span = tracer.spanBuilder("proxy " + event.label()).setSpanKind(SpanKind.CLIENT)
                .setAttribute(Traces.PROXY, name).setAttribute(Traces.EVENT, event.label()).startSpan();
        CompletionStage<ProxyDecision> decided = send(event, caller, request, span);
        return decided.whenComplete((decision, failure) -> end(span, decision));
    }

    private CompletionStage<ProxyDecision> send(ProxyEvent event, Caller caller, ProxyRequest request, Span span) {
        byte[] body;
        try {
            body = codec.encode(event, caller, request, config.binaryEncoding(), config.includeConnectionMeta());
        } catch (ProxyCodec.PayloadException e) {
            SAMPLED.info("proxy_payload_" + name, "proxy request not sent proxy=" + name + " event=" + event.label()
                    + " client=" + caller.client() + ": " + e.getMessage() + Traces.logKey(span));
            metrics.error(name, event, "unencodable_request");
            span.setAttribute(Traces.ERROR_KIND, "unencodable_request");
            return CompletableFuture.completedStage(new ProxyDecision.Refused(BAD_PAYLOAD));
        }
        if (inFlight.incrementAndGet() > config.maxInFlight()) {
            inFlight.decrementAndGet();
            return CompletableFuture.completedStage(unavailable(event, "overloaded", 0, span));
        }
        long started = System.nanoTime();
        long timeout = Math.max(1, config.timeout().toMillis());
        Promise<ProxyDecision> decided = Promise.promise();
        Promise<Void> abandoned = Promise.promise();
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
            }
        };
        // the deadline decides by itself (a reset call whose failure never surfaces must not hold the client), and
        // resets the call so the connection is freed
        long timer = vertx.setTimer(timeout, t -> {
            release.run();
            decided.tryComplete(unavailable(event, "timeout", started, span));
            abandoned.tryComplete(); // may fail the exchange synchronously: decided first
        });
        wire.exchange(event, headers(caller, span), body, timeout, abandoned.future()).onComplete(answer -> {
            vertx.cancelTimer(timer);
            release.run();
            if (decided.future().isComplete()) {
                return; // answered or failed after the deadline: already decided
            }
            if (answer.succeeded()) {
                decided.complete(decode(event, answer.result(), started, span));
            } else {
                decided.complete(unavailable(event, HttpWire.kind(answer.cause()), started, span));
            }
        });
        return decided.future().toCompletionStage();
    }

    private static void end(Span span, ProxyDecision decision) {
        String outcome = decision == null ? "unavailable" : outcome(decision);
        if (decision instanceof ProxyDecision.Unavailable u) {
            Traces.failed(span, outcome, u.kind());
        } else {
            Traces.ok(span, outcome);
        }
    }

    private ProxyDecision decode(ProxyEvent event, byte[] answer, long started, Span span) {
        ProxyDecision decision;
        try {
            decision = validate(event, codec.decode(event, answer), span);
        } catch (ProxyCodec.PayloadException e) {
            return unavailable(event, "malformed_answer", started, span);
        }
        metrics.call(name, event, outcome(decision), System.nanoTime() - started);
        return decision;
    }

    /**
     * Backend codes outside their protocol ranges would change meaning on the client (an "error" 3500, a
     * "disconnect" 1000): error codes must lie in 100–1999, disconnect codes in 3000–4999. Others are replaced by
     * the temporary error 100 and the internal-error disconnect 3004, and logged.
     */
    private ProxyDecision validate(ProxyEvent event, ProxyDecision decision, Span span) {
        if (decision instanceof ProxyDecision.Refused r && (r.error().code() < 100 || r.error().code() > 1999)) {
            invalid(event, "error code " + r.error().code(), span);
            return new ProxyDecision.Refused(ProxyDecision.TEMPORARY);
        }
        if (decision instanceof ProxyDecision.Disconnected d) {
            if (d.code() < 3000 || d.code() > 4999) {
                invalid(event, "disconnect code " + d.code(), span);
                return new ProxyDecision.Disconnected(DisconnectCode.INTERNAL.code(),
                        DisconnectCode.INTERNAL.reason());
            }
            return new ProxyDecision.Disconnected(d.code(), truncate(d.reason()));
        }
        return decision;
    }

    private void invalid(ProxyEvent event, String what, Span span) {
        metrics.error(name, event, "invalid_code");
        span.setAttribute(Traces.ERROR_KIND, "invalid_code");
        SAMPLED.info("proxy_code_" + name, "proxy answered an out-of-range " + what + " proxy=" + name + " event="
                + event.label() + Traces.logKey(span));
    }

    private ProxyDecision unavailable(ProxyEvent event, String kind, long started, Span span) {
        metrics.error(name, event, kind);
        if (started > 0) {
            metrics.call(name, event, "unavailable", System.nanoTime() - started);
        }
        SAMPLED.info("proxy_" + kind + "_" + name, "proxy call failed proxy=" + name + " event=" + event.label()
                + " kind=" + kind + Traces.logKey(span));
        return new ProxyDecision.Unavailable(kind);
    }

    /**
     * Static headers first, then the connection's real headers on the allowlist, then emulated headers on theirs for
     * names the connection did not carry. Emulated values never fill the real-header list. The wire adds its own
     * {@code Content-Type}.
     */
    private MultiMap headers(Caller caller, Span span) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        config.staticHeaders().forEach(out::set);
        if (Traces.traced(span)) {
            W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), out, MultiMap::set);
        }
        for (String header : httpHeaders) {
            List<String> values = caller.headers().connection(header);
            if (!values.isEmpty()) {
                out.set(header, values);
            }
        }
        for (String header : emulatedHeaders) {
            String value = caller.headers().emulated(header);
            if (value != null && caller.headers().connection(header).isEmpty()) {
                out.set(header, value);
            }
        }
        return out;
    }

    private static String outcome(ProxyDecision decision) {
        if (decision instanceof ProxyDecision.Allowed) {
            return "allowed";
        }
        return decision instanceof ProxyDecision.Refused ? "refused" : "disconnected";
    }

    private static String truncate(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_REASON_BYTES) {
            return reason;
        }
        int end = MAX_REASON_BYTES;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // do not cut a multi-byte character
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    private static List<String> lower(List<String> names) {
        return names.stream().map(String::trim).filter(n -> !n.isEmpty()).map(n -> n.toLowerCase(Locale.ROOT))
                .distinct().toList();
    }

    void close() {
        wire.close();
    }
}
