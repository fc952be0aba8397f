package io.pulsegate.transport.stream;

import io.pulsegate.config.StreamConfig;
import io.pulsegate.metrics.GatewayMetrics;
import io.pulsegate.node.Node;

/** Node-wide collaborators of every stream transport; all thread-safe. */
record StreamSettings(StreamConfig config, Node node, GatewayMetrics metrics) {}
