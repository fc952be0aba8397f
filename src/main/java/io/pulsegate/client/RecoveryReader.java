package io.pulsegate.client;

import java.util.List;

import io.pulsegate.auth.ChannelOptions;
import io.pulsegate.delta.DeltaForms;
import io.pulsegate.engine.HistoryQuery;
import io.pulsegate.engine.HistoryResult;
import io.pulsegate.engine.Recovery;
import io.pulsegate.engine.RecoveryOutcome;
import io.pulsegate.engine.UnrecoverablePositionException;
import io.pulsegate.protocol.ErrorCode;
import io.pulsegate.protocol.ProtocolFormat;
import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.Request;
import io.pulsegate.protocol.Result;
import io.pulsegate.protocol.StreamPosition;
import io.smallrye.mutiny.Uni;

/**
 * Reads what a new subscription needs from the channel stream: its current position, or the publications a
 * recovering client missed. Recovery is all or nothing: the exact gap, or {@code recovered:false} (error 112 when the
 * client asked to reject unrecovered subscribes). In cache recovery mode a recoverable subscription gets the latest
 * publication instead, on every subscribe, unless the client already holds it.
 */
final class RecoveryReader {

    /** The newest publication and the stream top. */
    private static final HistoryQuery LATEST = new HistoryQuery(null, 1, true);

    private final ClientSession session;

    RecoveryReader(ClientSession session) {
        this.session = session;
    }

    Uni<Outcome> read(SubscribeFlow.Plan plan, Subscription sub) {
        if (!sub.positioned) {
            return Uni.createFrom().item(outcome(plan, sub, null, List.of(), false, 0, false, 0));
        }
        Request.Subscribe hints = plan.hints();
        if (sub.recoverable && plan.options().updates().cacheRecovery()) {
            return session.ctx.broker().history(plan.channel(), LATEST).map(h -> cached(plan, sub, h));
        }
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

    /**
     * Cache mode, as Centrifugo's: the latest publication when it is the stream top and the client does not hold it;
     * {@code recovered} tells a recovering client whether it now has the current state.
     */
    private Outcome cached(SubscribeFlow.Plan plan, Subscription sub, HistoryResult h) {
        Request.Subscribe hints = plan.hints();
        boolean recovering = hints != null && hints.recover();
        StreamPosition top = h.top();
        boolean holdsTop = recovering && hints.offset() > 0 && hints.offset() == top.offset()
                && top.epoch().equals(hints.epoch());
        Publication latest = h.publications().isEmpty() ? null : h.publications().get(0);
        boolean current = latest != null && latest.offset() == top.offset();
        List<Publication> pubs = current && !holdsTop ? List.of(latest) : List.of();
        return outcome(plan, sub, top.epoch(), pubs, current || holdsTop, top.offset(), recovering, top.offset());
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
        ChannelOptions.Updates updates = plan.options().updates();
        Result.Subscribe result = new Result.Subscribe(expires, ttl, sub.recoverable, epoch,
                pubs.isEmpty() ? null : deltaForms(sub, pubs), recovered, offset, sub.positioned, plan.data(),
                wasRecovering, sub.delta(), updates.publishDebounceMillis());
        return new Outcome(plan.channel(), result, sub, activeOffset, null);
    }

    /** A delta subscriber reads every publication in its delta form; recovered ones travel in full. */
    private List<Publication> deltaForms(Subscription sub, List<Publication> pubs) {
        if (!sub.delta()) {
            return pubs;
        }
        ProtocolFormat format = session.transport.codec().format();
        return pubs.stream().map(p -> {
            Publication full = DeltaForms.full(p, format);
            return full == null ? p : full; // unrepresentable: the encoder refuses it with 3006, as for anyone
        }).toList();
    }
}
