package io.pulsegate.consumer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.pulsegate.api.ApiRequest;
import io.smallrye.mutiny.Uni;

/**
 * A fake engine for consumer tests: records the publishes it applies (channel and the {@code seq} number of their
 * data) and can answer {@link CommandSink.Unavailable}, hang, or hold a channel behind a gate.
 */
final class RecordingSink implements CommandSink {

    /** One applied publish. */
    record Applied(String instance, String channel, long seq) {}

    private static final Pattern SEQ = Pattern.compile("\"seq\"\\s*:\\s*(\\d+)");

    private final String instance;
    private final List<Applied> log;
    private final AtomicInteger calls = new AtomicInteger();
    /** Calls (1-based) answered with Unavailable. */
    volatile IntPredicate unavailableAt = call -> false;
    /** A seq whose publish never completes. */
    volatile Long hangOn;
    /** Publishes into this channel wait for {@link #gate}, then find the engine unavailable. */
    volatile String holdChannel;
    volatile CompletableFuture<Void> gate;
    /** Whether a publish hung or waited at the gate. */
    volatile boolean hung;

    RecordingSink(String instance) {
        this(instance, new CopyOnWriteArrayList<>());
    }

    /** @param log shared by several sinks, in the order they applied */
    RecordingSink(String instance, List<Applied> log) {
        this.instance = instance;
        this.log = log;
    }

    @Override
    public Uni<Void> apply(ApiRequest request) {
        int call = calls.incrementAndGet();
        if (unavailableAt.test(call)) {
            return Uni.createFrom().failure(new CommandSink.Unavailable("test: engine down at call " + call));
        }
        if (!(request instanceof ApiRequest.Publish publish)) {
            return Uni.createFrom().failure(new CommandSink.Rejected("test: only publish"));
        }
        Matcher m = SEQ.matcher(new String(publish.data(), StandardCharsets.UTF_8));
        long seq = m.find() ? Long.parseLong(m.group(1)) : -1;
        if (hangOn != null && hangOn == seq) {
            hung = true;
            return Uni.createFrom().nothing();
        }
        if (publish.channel().equals(holdChannel)) {
            hung = true;
            return Uni.createFrom().completionStage(gate).onItem().failWith(
                    v -> new CommandSink.Unavailable("test: held channel"));
        }
        log.add(new Applied(instance, publish.channel(), seq));
        return Uni.createFrom().voidItem();
    }

    /** @return the seq numbers this instance applied, in order */
    List<Long> seqs() {
        return log.stream().filter(a -> a.instance().equals(instance)).map(Applied::seq)
                .collect(Collectors.toList());
    }
}
