package io.pulsegate.transport;

import java.util.List;

import io.vertx.core.MultiMap;

/**
 * Headers a connection request may carry once only. A second {@code Origin} would let a proxy or framework that reads
 * the other copy see a different origin than the check did (an allowed one first, a foreign one second); the same
 * holds for {@code Host}, the credentials in {@code Authorization} and the {@code Sec-WebSocket-Key} the accept hash
 * is built from. A request repeating any of them is refused (403) before it is looked at further.
 */
public final class RepeatedHeaders {

    private static final List<String> SINGLETONS = List.of("Origin", "Host", "Authorization", "Sec-WebSocket-Key");

    private RepeatedHeaders() {
    }

    /** @return the first header of {@link #SINGLETONS} that {@code headers} carries more than once, else null */
    public static String find(MultiMap headers) {
        for (String name : SINGLETONS) {
            if (headers.getAll(name).size() > 1) {
                return name;
            }
        }
        return null;
    }
}
