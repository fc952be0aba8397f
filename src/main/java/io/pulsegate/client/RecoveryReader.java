package io.pulsegate.client;

import java.util.List;

import io.pulsegate.engine.HistoryQuery;
import io.pulsegate.engine.HistoryResult;
import io.pulsegate.engine.Recovery;
import io.pulsegate.engine.RecoveryOutcome;
import io.pulsegate.engine.UnrecoverablePositionException;
import io.pulsegate.protocol.ErrorCode;
import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.Request;
import io.pulsegate.protocol.Result;
import io.pulsegate.protocol.StreamPosition;
import io.smallrye.mutiny.Uni;

/**
 * Reads what a new subscription needs from the channel stream: its current position, or the publications a
 * recovering client missed. Recovery is all or nothing: the exact gap, or {@code recovered:false} (error 112 when the
 * client asked to reject unrecovered subscribes).
 */
final class RecoveryReader {

    private final ClientSession session;

    RecoveryReader(ClientSession session) {
        this.session = session;
    }

    Uni<Outcome> read(SubscribeFlow.Plan plan, Subscription sub) {
        if (!sub.positioned) {
            return Uni.createFrom().item(outcome(plan, sub, null, List.of(), false, 0, false, 0));
        }
        Request.Subscribe hints = plan.hints();
        if (!sub.recoverable || hints == null || !hints.recover()) {
            return session.ctx.broker().history(plan.channel(), HistoryQuery.POSITION_ONLY)
                    .map(h -> outcome(plan, sub, h.top().epoch(), List.of(), false, h.top().offset(), false,
                            h.top().offset()));
        }
        StreamPosition requested = new StreamPosition(hints.offset(), hints.epoch());
        int max = session.config.recoveryMaxPublicationLimit();
        return session.ctx.broker().history(plan.channel(), new HistoryQuery(requested, max + 1, false))
                .map(h -> recovered(plan, sub, requested, h, Recovery.recover(requested, h, max)))
                .onFailure(UnrecoverablePositionException.class)
                .recoverWithItem(e -> notRecovered(plan, sub, ((UnrecoverablePositionException) e).top()));
    }

    private Outcome recovered(SubscribeFlow.Plan plan, Subscription sub, StreamPosition requested, HistoryResult h,
            RecoveryOutcome recovery) {
        if (!recovery.recovered()) {
            return notRecovered(plan, sub, h.top());
        }
        List<Publication> pubs = recovery.publications();
        long last = pubs.isEmpty() ? requested.offset() : pubs.get(pubs.size() - 1).offset();
        return outcome(plan, sub, h.top().epoch(), pubs, true, requested.offset(), true, last);
    }

    private Outcome notRecovered(SubscribeFlow.Plan plan, Subscription sub, StreamPosition top) {
        if ((plan.hints().flag() & Request.Subscribe.FLAG_REJECT_UNRECOVERED) != 0) {
            return Outcome.failed(ErrorCode.UNRECOVERABLE_POSITION);
        }
        return outcome(plan, sub, top.epoch(), List.of(), false, top.offset(), true, top.offset());
    }

    private Outcome outcome(SubscribeFlow.Plan plan, Subscription sub, String epoch, List<Publication> pubs,
            boolean recovered, long offset, boolean wasRecovering, long activeOffset) {
        long expireAt = plan.expireAt();
        // with a sub_refresh proxy the gateway refreshes the subscription itself: the client must not
        boolean expires = expireAt > 0 && !SubscriptionRefresh.serverSide(session, plan.options().proxies()
                .subRefresh());
        long ttl = expires ? Math.max(1, expireAt - session.ctx.nowSeconds()) : 0;
        Result.Subscribe result = new Result.Subscribe(expires, ttl, sub.recoverable, epoch,
                pubs.isEmpty() ? null : pubs, recovered, offset, sub.positioned, plan.data(), wasRecovering);
        return new Outcome(plan.channel(), result, sub, activeOffset, null);
    }
}
