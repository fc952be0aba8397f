package io.pulsegate.client;

import io.pulsegate.protocol.Request;

/** Protocol method names of requests, as used in metrics and logs. */
final class Methods {

    private Methods() {
    }

    static String name(Request request) {
        if (request instanceof Request.Connect) {
            return "connect";
        } else if (request instanceof Request.Subscribe) {
            return "subscribe";
        } else if (request instanceof Request.Unsubscribe) {
            return "unsubscribe";
        } else if (request instanceof Request.Publish) {
            return "publish";
        } else if (request instanceof Request.Presence) {
            return "presence";
        } else if (request instanceof Request.PresenceStats) {
            return "presence_stats";
        } else if (request instanceof Request.History) {
            return "history";
        } else if (request instanceof Request.Ping) {
            return "ping";
        } else if (request instanceof Request.Send) {
            return "send";
        } else if (request instanceof Request.Rpc) {
            return "rpc";
        } else if (request instanceof Request.Refresh) {
            return "refresh";
        }
        return "sub_refresh";
    }
}
