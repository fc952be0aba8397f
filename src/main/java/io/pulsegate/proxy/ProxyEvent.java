package io.pulsegate.proxy;

/**
 * The connection events a backend can decide, with their names in metrics and logs and their method of Centrifugo's
 * {@code CentrifugoProxy} gRPC service.
 */
public enum ProxyEvent {
    CONNECT("connect", "Connect"), REFRESH("refresh", "Refresh"), SUBSCRIBE("subscribe",
            "Subscribe"), PUBLISH("publish", "Publish"), RPC("rpc", "RPC"), SUB_REFRESH("sub_refresh", "SubRefresh");

    private final String label;
    private final String grpcMethod;

    ProxyEvent(String label, String grpcMethod) {
        this.label = label;
        this.grpcMethod = grpcMethod;
    }

    /** @return the event's name in Centrifugo's docs, metrics and logs ({@code sub_refresh}) */
    public String label() {
        return label;
    }

    /** @return the full gRPC method name, {@code centrifugal.centrifugo.proxy.CentrifugoProxy/<Method>} */
    public String grpcMethod() {
        return "centrifugal.centrifugo.proxy.CentrifugoProxy/" + grpcMethod;
    }

    /** @return whether requests of this event carry the connection's user (every event but connect) */
    boolean carriesUser() {
        return this != CONNECT;
    }
}
