package io.pulsegate.client;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.pulsegate.engine.HistoryResult;
import io.pulsegate.engine.UnrecoverablePositionException;
import io.pulsegate.engine.map.MapStateQuery;
import io.pulsegate.map.MapSettings;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ErrorCode;
import io.pulsegate.protocol.ProtocolError;
import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.Request;
import io.pulsegate.protocol.Request.Subscribe.Page;
import io.pulsegate.protocol.Result;
import io.pulsegate.protocol.StreamPosition;
import io.smallrye.mutiny.Uni;

/**
 * The phases of a map subscription (docs/protocol-compatibility.md, "Map subscribe: phases"): the client pages through
 * the state (each page its own {@code subscribe}), then through the stream, and the server decides when it is live.
 * Only the request that opens a pagination is authorised; the pages after it continue the open {@link Pagination} of
 * the channel. The live join is the stream subscribe's: join the hub (live changes buffer), read the changes after
 * the client's position, reply, release the buffer without duplicates.
 *
 * <p>
 * Maps without a stream (ephemeral) cannot catch up from a position, so their subscription joins the hub before the
 * first state page: the changes made while the client pages wait in the subscription's buffer.
 */
final class MapSubscribeFlow {

    private static final Logger LOG = Logger.getLogger(MapSubscribeFlow.class);

    /** A page arrived while the previous one was still being read (Centrifugo's 113, temporary). */
    static final ProtocolError CONCURRENT_PAGINATION = new ProtocolError(113, "concurrent pagination", true);

    private final ClientSession session;
    private final SubscribeFlow flow;
    private final ConcurrentHashMap<String, Pagination> open = new ConcurrentHashMap<>();

    MapSubscribeFlow(ClientSession session, SubscribeFlow flow) {
        this.session = session;
        this.flow = flow;
    }

    /** @return whether {@code request} may start a map subscription (a first state page, a recovery or a live join) */
    static boolean opensSubscription(Request.Subscribe request) {
        Page page = request.page();
        return switch (page.phase()) {
            case Page.STATE -> page.cursor().isEmpty();
            case Page.STREAM -> request.recover();
            case Page.LIVE -> true;
            default -> false;
        };
    }

    boolean paginating(String channel) {
        return open.containsKey(channel);
    }

    int paginations() {
        return open.size();
    }

    /** An authorised request opening a map subscription. */
    Uni<Void> start(long id, SubscribeFlow.Plan plan) {
        Request.Subscribe request = plan.hints();
        MapSettings map = plan.options().map();
        Page page = request.page();
        if (page.phase() == Page.LIVE) {
            return live(id, plan, null, position(request), List.of(), request.recover(), null);
        }
        if (page.phase() == Page.STREAM && !map.options().hasStream()) {
            return session.replyError(id, ErrorCode.BAD_REQUEST);
        }
        Pagination p = new Pagination(plan, System.nanoTime() + map.catchUpTimeoutNanos());
        if (open.putIfAbsent(plan.channel(), p) != null) {
            return session.replyError(id, CONCURRENT_PAGINATION);
        }
        p.busy = true;
        if (page.phase() == Page.STREAM) {
            p.position = position(request);
            return streamPage(id, p, request);
        }
        if (map.options().hasStream()) {
            return statePage(id, p, request);
        }
        Subscription early = subscription(plan);
        if (!flow.register(early)) {
            open.remove(plan.channel(), p);
            return session.replyError(id, ErrorCode.ALREADY_SUBSCRIBED);
        }
        p.early = early;
        return flow.join(early).chain(() -> statePage(id, p, request))
                .onFailure().recoverWithUni(failure -> fail(id, p, failure));
    }

    /** A page of the open pagination of the request's channel. */
    Uni<Void> next(long id, Request.Subscribe request) {
        Pagination p = open.get(request.channel());
        if (p == null) {
            return session.replyError(id, ErrorCode.PERMISSION_DENIED);
        }
        synchronized (p) {
            if (p.busy) {
                return session.replyError(id, CONCURRENT_PAGINATION);
            }
            p.busy = true;
        }
        if (System.nanoTime() - p.deadline > 0) {
            LOG.debugf("map catch-up timed out client=%s channel=%s", session.id, request.channel());
            abandon(request.channel());
            session.disconnect(DisconnectCode.SLOW);
            return ClientSession.done();
        }
        Page page = request.page();
        if (p.position != null && !p.position.epoch().equals(request.epoch())) {
            return refuse(id, p, ErrorCode.UNRECOVERABLE_POSITION);
        }
        return switch (page.phase()) {
            case Page.STATE -> page.cursor().equals(p.cursor) && !p.cursor.isEmpty()
                    ? statePage(id, p, request)
                    : badPage(id, p, "cursor " + page.cursor() + " where " + p.cursor + " was next");
            case Page.STREAM -> p.plan.options().map().options().hasStream()
                    ? streamPage(id, p, request)
                    : badPage(id, p, "stream page of a map without a stream");
            case Page.LIVE -> live(id, p.plan, p, position(request), List.of(), p.plan.hints().recover(), null);
            default -> badPage(id, p, "unknown phase " + page.phase());
        };
    }

    private Uni<Void> statePage(long id, Pagination p, Request.Subscribe request) {
        MapSettings map = p.plan.options().map();
        int limit = map.pages().clamp(request.page().limit());
        MapStateQuery query = p.position == null
                ? MapStateQuery.first(limit)
                : new MapStateQuery(request.page().cursor(), limit, p.position);
        return session.ctx.maps().readState(p.plan.channel(), query, map.options()).chain(page -> {
            p.position = page.position();
            p.cursor = page.cursor();
            if (!page.last()) {
                return replyPage(id, p, Page.STATE, page.cursor(), page.entries(), page.position().offset(),
                        List.of());
            }
            return live(id, p.plan, p, page.position(), page.entries(), false,
                    () -> replyPage(id, p, Page.STATE, "", page.entries(), page.position().offset(), List.of()));
        }).onFailure().recoverWithUni(failure -> fail(id, p, failure));
    }

    private Uni<Void> streamPage(long id, Pagination p, Request.Subscribe request) {
        MapSettings map = p.plan.options().map();
        int limit = map.pages().clamp(request.page().limit());
        StreamPosition since = position(request);
        return session.ctx.maps().readStream(p.plan.channel(), since, limit, map.options()).chain(h -> {
            if (p.streamTop < 0) {
                p.streamTop = h.top().offset();
            }
            List<Publication> pubs = h.publications();
            if (!pubs.isEmpty() && since.offset() + limit < p.streamTop) {
                p.position = h.top();
                long last = pubs.get(pubs.size() - 1).offset();
                return replyPage(id, p, Page.STREAM, "", List.of(), last, pubs);
            }
            return live(id, p.plan, p, since, List.of(), p.plan.hints().recover(), null);
        }).onFailure().recoverWithUni(failure -> fail(id, p, failure));
    }

    private Uni<Void> replyPage(long id, Pagination p, int phase, String cursor, List<Publication> state, long offset,
            List<Publication> pubs) {
        Result.MapSubscribe page = new Result.MapSubscribe(phase, cursor, state, p.position.epoch(), offset, pubs,
                false, false, false, null, false, 0);
        p.busy = false;
        return session.reply(id, page);
    }

    /**
     * Joins live from {@code since}: the changes after it come in the reply, the later ones follow it.
     *
     * @param p the open pagination, {@code null} for a direct live join
     * @param tooMany replies a page instead when the stream holds more changes than one reply carries; {@code null}
     *        answers 112 then
     */
    private Uni<Void> live(long id, SubscribeFlow.Plan plan, Pagination p, StreamPosition since,
            List<Publication> state, boolean recovering, java.util.function.Supplier<Uni<Void>> tooMany) {
        boolean early = p != null && p.early != null;
        Subscription sub = early ? p.early : subscription(plan);
        if (!early && !flow.register(sub)) {
            closePagination(plan.channel(), p);
            return session.replyError(id, ErrorCode.ALREADY_SUBSCRIBED);
        }
        MapSettings map = plan.options().map();
        Uni<Void> joined = early ? ClientSession.done() : flow.join(sub);
        return joined.chain(() -> catchUp(plan, since)).chain(h -> {
            int max = map.pages().max();
            if (h.publications().size() > max) {
                flow.discard(sub);
                if (tooMany != null) {
                    return tooMany.get();
                }
                closePagination(plan.channel(), p);
                return session.replyError(id, ErrorCode.UNRECOVERABLE_POSITION);
            }
            closePagination(plan.channel(), p);
            if (session.isClosed()) {
                flow.discard(sub);
                return ClientSession.done();
            }
            List<Publication> pubs = h.publications();
            long last = pubs.isEmpty() ? since.offset() : pubs.get(pubs.size() - 1).offset();
            String epoch = h.top().epoch();
            session.reply(id, new Result.MapSubscribe(Page.LIVE, "", state, epoch, last, pubs,
                    map.options().hasStream(), recovering, recovering, plan.data(), false,
                    plan.options().updates().publishDebounceMillis()));
            flow.activate(sub, last, epoch);
            return ClientSession.done();
        }).onFailure().recoverWithUni(failure -> {
            flow.discard(sub);
            closePagination(plan.channel(), p);
            return replyFailure(id, plan.channel(), failure);
        });
    }

    /**
     * The changes after {@code since}, at most one more than a reply carries. A map without a stream has none to
     * give: its position must still be the top (or the subscription joined before the state was read).
     */
    private Uni<HistoryResult> catchUp(SubscribeFlow.Plan plan, StreamPosition since) {
        MapSettings map = plan.options().map();
        if (map.options().hasStream()) {
            return session.ctx.maps().readStream(plan.channel(), since, map.pages().max() + 1, map.options());
        }
        return session.ctx.maps().stats(plan.channel(), map.options()).map(stats -> {
            StreamPosition top = stats.top();
            if (!since.epoch().isEmpty() && !since.epoch().equals(top.epoch())) {
                throw new UnrecoverablePositionException(since, top);
            }
            return new HistoryResult(List.of(), top);
        });
    }

    private Subscription subscription(SubscribeFlow.Plan plan) {
        return new Subscription(plan.channel(), plan.options(), true, plan.options().map().options().hasStream(),
                flow.pushesJoinLeave(plan), plan.chanInfo(), false, 0, false);
    }

    private Uni<Void> badPage(long id, Pagination p, String why) {
        LOG.debugf("bad map page client=%s channel=%s: %s", session.id, p.plan.channel(), why);
        return refuse(id, p, ErrorCode.BAD_REQUEST);
    }

    private Uni<Void> refuse(long id, Pagination p, ErrorCode code) {
        abandon(p.plan.channel());
        return session.replyError(id, code);
    }

    private Uni<Void> fail(long id, Pagination p, Throwable failure) {
        abandon(p.plan.channel());
        return replyFailure(id, p.plan.channel(), failure);
    }

    private Uni<Void> replyFailure(long id, String channel, Throwable failure) {
        if (failure instanceof UnrecoverablePositionException) {
            return session.replyError(id, ErrorCode.UNRECOVERABLE_POSITION);
        }
        LOG.warnf("map subscribe failed client=%s channel=%s: %s", session.id, channel, failure.toString());
        return session.replyError(id, ClientSession.TEMPORARY_INTERNAL);
    }

    private void closePagination(String channel, Pagination p) {
        if (p != null) {
            open.remove(channel, p);
        }
    }

    /** Drops the open pagination of {@code channel} and the subscription it joined early. */
    void abandon(String channel) {
        Pagination p = open.remove(channel);
        if (p != null && p.early != null) {
            flow.discard(p.early);
        }
    }

    void abandonAll() {
        List.copyOf(open.keySet()).forEach(this::abandon);
    }

    private static StreamPosition position(Request.Subscribe request) {
        return new StreamPosition(request.offset(), request.epoch() == null ? "" : request.epoch());
    }

    /** One channel's paging between its first request and the live join. */
    private static final class Pagination {
        final SubscribeFlow.Plan plan;
        final long deadline;
        /** The position the state pages are frozen at, then the stream position. */
        volatile StreamPosition position;
        /** The cursor the next state page must carry, {@code ""} after the last. */
        volatile String cursor = "";
        /** The stream top when the first stream page was read, -1 before. */
        volatile long streamTop = -1;
        /** Maps without a stream: the subscription that joined before the first state page. */
        volatile Subscription early;
        /** A page is being read. */
        volatile boolean busy;

        Pagination(SubscribeFlow.Plan plan, long deadline) {
            this.plan = plan;
            this.deadline = deadline;
        }
    }
}
