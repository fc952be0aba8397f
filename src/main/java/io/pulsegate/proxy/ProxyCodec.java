package io.pulsegate.proxy;

/**
 * Encodes proxy requests and decodes backend answers for one wire: JSON bodies for HTTP backends, Protobuf messages
 * for gRPC backends. Both follow Centrifugo's field rules: zero fields are not sent (except {@code user} outside
 * connect), payloads travel as raw {@code data} or, with binary encoding, as base64 {@code b64data}. Stateless and
 * thread-safe.
 */
interface ProxyCodec {

    /**
     * @param binary send payloads as {@code b64data} and announce encoding {@code binary}
     * @param includeMeta send the caller's connection meta
     * @throws PayloadException when a payload cannot be carried (non-JSON data without binary encoding)
     */
    byte[] encode(ProxyEvent event, Caller caller, ProxyRequest request, boolean binary, boolean includeMeta)
            throws PayloadException;

    /**
     * Decodes an answer. Disconnect wins over error, error over result, as in Centrifugo. Codes are not validated
     * here.
     *
     * @throws PayloadException when the answer is malformed (not the schema, bad base64)
     */
    ProxyDecision decode(ProxyEvent event, byte[] body) throws PayloadException;

    /** A request that cannot be encoded, or an answer that cannot be decoded. */
    final class PayloadException extends Exception {

        PayloadException(String message) {
            super(message, null, false, false);
        }
    }
}
