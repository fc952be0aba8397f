package io.pulsegate.trace;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.test.junit.QuarkusTest;

/** The default configuration: the SDK is off, the tracer records nothing, no span reaches any exporter. */
@QuarkusTest
class TracingDisabledTest {

    @Inject
    InMemorySpanExporter spans;
    @Inject
    Tracing tracing;

    @Test
    void noSpansByDefault() {
        spans.reset();
        given().header("X-API-Key", "test-api-key").body("{\"channel\":\"chat:untraced\",\"data\":{}}")
                .post("/api/publish").then().statusCode(200).body("result.offset", equalTo(1));
        given().header("X-API-Key", "test-api-key").body("{\"channel\":\"nope:x\"}").post("/api/presence")
                .then().statusCode(200).body("error.code", equalTo(102));
        var span = tracing.tracer().spanBuilder("probe").startSpan();
        span.end();
        assertFalse(span.isRecording(), "the tracer must not record");
        assertFalse(span.getSpanContext().isValid(), "no trace id may be handed out");
        assertEquals("", Traces.logKey(span));
        assertEquals(List.of(), spans.getFinishedSpanItems());
    }
}
