package io.pulsegate.consumer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.pulsegate.api.ApiException;
import io.pulsegate.api.ApiJson;
import io.pulsegate.api.ApiRequest;
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

    public RecordProcessor(CommandSink sink) {
        this.sink = sink;
    }

    /**
     * @param method the API method when the source carries it apart (header, field), else {@code null} or empty
     * @param body the payload, or the {@code {"method","payload"}} envelope without a method
     */
    public Uni<Result> process(String method, byte[] body) {
        ApiRequest request;
        try {
            request = decode(method, body);
        } catch (ApiException | IOException | RuntimeException e) {
            return Uni.createFrom().item(new Result(Outcome.MALFORMED, "undecodable record"));
        }
        if (request instanceof ApiRequest.Batch) {
            return Uni.createFrom().item(new Result(Outcome.MALFORMED, "batch is not a consumer method"));
        }
        return sink.apply(request).replaceWith(Result.APPLIED).onFailure()
                .recoverWithItem(failure -> failure instanceof CommandSink.Unavailable
                        ? new Result(Outcome.RETRY, failure.getMessage())
                        : new Result(Outcome.MALFORMED, String.valueOf(failure.getMessage())));
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
