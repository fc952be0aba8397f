package io.pulsegate.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code GET <path>/api/backends}: this node's view of its backend proxies and event-stream consumers, read from the
 * meters they already keep ({@code pulsegate_proxy_*}, {@code pulsegate_consumer_*}) so neither package is touched:
 * per proxy its calls by outcome, errors and calls in flight; per consumer whether its source is up, its lag and its
 * records by outcome. Thread-safe; reads only.
 */
final class BackendHealth {

    private static final JsonFactory JSON = new JsonFactory();

    private final MeterRegistry registry;

    BackendHealth(MeterRegistry registry) {
        this.registry = registry;
    }

    /** {@code {"proxies":{name:{"calls":{outcome:n},"errors":n,"inFlight":n}},"consumers":{name:{...}}}} */
    byte[] toJson() {
        Map<String, Map<String, Double>> callsByProxy = grouped("pulsegate_proxy_calls", "proxy", "outcome",
                m -> m instanceof io.micrometer.core.instrument.Timer t ? t.count() : 0);
        Map<String, Map<String, Double>> errors = grouped("pulsegate_proxy_errors_total", "proxy", null,
                BackendHealth::countOf);
        Map<String, Map<String, Double>> inFlight = grouped("pulsegate_proxy_in_flight", "proxy", null,
                BackendHealth::valueOf);
        Map<String, Map<String, Double>> records = grouped("pulsegate_consumer_records", "consumer", "outcome",
                BackendHealth::countOf);
        Map<String, Map<String, Double>> up = grouped("pulsegate_consumer_up", "consumer", null,
                BackendHealth::valueOf);
        Map<String, Map<String, Double>> lag = grouped("pulsegate_consumer_lag", "consumer", null,
                BackendHealth::valueOf);
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("proxies");
            for (String proxy : union(callsByProxy, inFlight, errors)) {
                g.writeObjectFieldStart(proxy);
                numbers(g, "calls", callsByProxy.get(proxy));
                g.writeNumberField("errors", total(errors.get(proxy)));
                g.writeNumberField("inFlight", total(inFlight.get(proxy)));
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeObjectFieldStart("consumers");
            for (String consumer : union(up, lag, records)) {
                g.writeObjectFieldStart(consumer);
                g.writeBooleanField("up", total(up.get(consumer)) >= 1);
                g.writeNumberField("lag", total(lag.get(consumer)));
                numbers(g, "records", records.get(consumer));
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** name tag → (sub tag or "") → summed value, over every meter called {@code name}. */
    private Map<String, Map<String, Double>> grouped(String name, String key, String sub,
            ToDoubleFunction<Meter> value) {
        Map<String, Map<String, Double>> result = new TreeMap<>();
        for (Meter meter : registry.find(name).meters()) {
            String k = meter.getId().getTag(key);
            String s = sub == null ? "" : meter.getId().getTag(sub);
            if (k != null) {
                result.computeIfAbsent(k, x -> new TreeMap<>()).merge(s == null ? "" : s, value.applyAsDouble(
                        meter), Double::sum);
            }
        }
        return result;
    }

    @SafeVarargs
    private static java.util.Set<String> union(Map<String, ?>... maps) {
        java.util.Set<String> keys = new java.util.TreeSet<>();
        for (Map<String, ?> map : maps) {
            keys.addAll(map.keySet());
        }
        return keys;
    }

    private static void numbers(JsonGenerator g, String field, Map<String, Double> values) throws IOException {
        g.writeObjectFieldStart(field);
        if (values != null) {
            for (Map.Entry<String, Double> e : values.entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue().longValue());
            }
        }
        g.writeEndObject();
    }

    private static long total(Map<String, Double> values) {
        return values == null ? 0 : (long) values.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static double countOf(Meter meter) {
        return meter instanceof io.micrometer.core.instrument.Counter c ? c.count() : 0;
    }

    private static double valueOf(Meter meter) {
        return meter instanceof io.micrometer.core.instrument.Gauge g ? g.value() : 0;
    }
}
