package io.pulsegate.proxy;

import io.pulsegate.protocol.ErrorCode;

/**
 * Where an RPC method goes: a proxy, or the error its caller gets (104 for a method of an unknown RPC namespace, 108
 * for a namespace without a proxy).
 */
public record RpcRoute(ProxyEndpoint endpoint, ErrorCode error) {

    static final RpcRoute NOT_FOUND = new RpcRoute(null, ErrorCode.METHOD_NOT_FOUND);
    static final RpcRoute NOT_AVAILABLE = new RpcRoute(null, ErrorCode.NOT_AVAILABLE);
}
