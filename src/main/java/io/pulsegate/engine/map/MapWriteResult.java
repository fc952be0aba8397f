package io.pulsegate.engine.map;

import io.pulsegate.protocol.StreamPosition;

/**
 * The outcome of a map write.
 *
 * @param position the change's offset and epoch; for a suppressed write the stream's current top
 * @param suppressed why nothing changed, {@link Suppressed#NONE} when the write was applied
 */
public record MapWriteResult(StreamPosition position, Suppressed suppressed) {

    /** @return whether the write was applied (appended and delivered) */
    public boolean applied() {
        return suppressed == Suppressed.NONE;
    }
}
