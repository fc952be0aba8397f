package io.pulsegate.api;

import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;

import io.pulsegate.protocol.json.JsonLimits;

/**
 * JSON model of the Centrifugo server HTTP API ({@code POST /api/<method>}): decodes request bodies and encodes
 * responses. Uses the same streaming parser, limits and payload helpers as the client codec (no data binding, native
 * safe). Stateless and thread-safe.
 *
 * <p>
 * Response shapes: {@code {"result":{...}}} or {@code {"error":{"code":N,"message":"..."}}}; a batch answers
 * {@code {"replies":[{"publish":{...}},{"error":{...}}]}} with no {@code result} wrapper.
 */
public final class ApiJson {

    /** Method names accepted by {@link #decode(String, byte[])}, as in the URL. */
    public static final List<String> METHODS = ApiRequestDecoder.METHODS;

    private final ApiRequestDecoder decoder;
    private final ApiResultEncoder encoder;

    /** A model with {@link JsonLimits#DEFAULTS}. */
    public ApiJson() {
        this(JsonLimits.DEFAULTS);
    }

    public ApiJson(JsonLimits limits) {
        JsonFactory factory = limits.newFactory();
        this.decoder = new ApiRequestDecoder(factory);
        this.encoder = new ApiResultEncoder(factory);
    }

    /**
     * Decodes a request body. An empty body reads as {@code {}}. Unknown fields are ignored.
     *
     * @param method the method name from the URL
     * @throws ApiException HTTP 400 when the body is not a well-formed JSON object with correctly typed fields (or breaks
     *         a parser limit); 104 for an unknown method; 107 when a required field is missing or a payload is given
     *         twice or in bad base64. Inside a batch, such per-command failures become {@link ApiRequest.Rejected}.
     */
    public ApiRequest decode(String method, byte[] body) throws ApiException {
        return decoder.decode(method, body);
    }

    /**
     * @return {@code {"result":{...}}}
     * @throws ApiException HTTP 500 / code 100 when a payload is not JSON (binary history cannot be shown here)
     */
    public byte[] encodeResult(ApiResult result) throws ApiException {
        return encoder.result(result);
    }

    /** @return {@code {"error":{"code":N,"message":"..."}}} */
    public byte[] encodeError(ApiError error) {
        return encoder.error(error);
    }

    /**
     * @return {@code {"replies":[...]}}, one entry per command in request order
     * @throws ApiException HTTP 500 / code 100 when a payload is not JSON
     */
    public byte[] encodeBatch(List<ApiReply> replies) throws ApiException {
        return encoder.batch(replies);
    }
}
