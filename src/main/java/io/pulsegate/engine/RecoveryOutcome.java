package io.pulsegate.engine;

import java.util.List;

import io.pulsegate.protocol.Publication;

/**
 * The result of a recovery decision.
 *
 * @param recovered whether the client's gap was recovered completely
 * @param publications the missed publications in offset order when recovered; always empty when not recovered
 *        (recovery never delivers a partial result)
 */
public record RecoveryOutcome(boolean recovered, List<Publication> publications) {

    /** The outcome of a failed recovery: nothing delivered, the client must reload its state. */
    public static final RecoveryOutcome NOT_RECOVERED = new RecoveryOutcome(false, List.of());

    public RecoveryOutcome {
        publications = publications == null ? List.of() : List.copyOf(publications);
    }
}
