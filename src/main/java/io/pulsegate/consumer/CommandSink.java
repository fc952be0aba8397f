package io.pulsegate.consumer;

import io.pulsegate.api.ApiRequest;
import io.smallrye.mutiny.Uni;

/** Where consumed commands go: the server API of this node, without HTTP. Implementations must not block. */
public interface CommandSink {

    /**
     * Applies one command.
     *
     * @return completes once the command took effect (a publication is stored and delivered by the engine); fails
     *         with {@link Rejected} when it never will (unknown namespace, bad arguments), with {@link Unavailable}
     *         when it may later (the engine is unreachable)
     */
    Uni<Void> apply(ApiRequest request);

    /** The command is permanently refused; retrying cannot help. */
    final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        public Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The command could not be applied now; retry later. */
    final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        public Unavailable(String reason) {
            super(reason, null, false, false);
        }
    }
}
