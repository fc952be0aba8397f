package io.pulsegate.it.soak;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The soak's loss checker, Jepsen-style: it records every publication the API acknowledged (channel, epoch, offset)
 * and, per subscriber and channel, every delivery and every explicit gap report, then proves that no delivery was
 * duplicated or reordered and that each acknowledged publication inside a subscriber's window was either delivered or
 * covered by a gap the subscriber was told about ({@code recovered:false} after a 3010 or a reconnect). Anything else
 * is silently lost. Thread-safe: clients report from their own threads.
 */
final class SoakChecker {

    /** A stream position: offsets are ordered within an epoch only. */
    record Position(String epoch, long offset) {}

    /** Totals of a run. */
    record Totals(int acked, long expected, long delivered, long gapped, long lost, List<String> violations,
            int unconverged) {}

    private final Map<String, Set<Position>> acked = new ConcurrentHashMap<>();
    /** Epochs in the order the API first reported them: the order of Redis lifetimes. */
    private final List<String> epochs = new ArrayList<>();
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    /** Client-side failures to make sense of what the server sent; each is a violation. */
    private final List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();

    void problem(String description) {
        problems.add(description);
    }

    void acked(String channel, String epoch, long offset) {
        acked.computeIfAbsent(channel, c -> ConcurrentHashMap.newKeySet()).add(new Position(epoch, offset));
        synchronized (epochs) {
            if (!epochs.contains(epoch)) {
                epochs.add(epoch);
            }
        }
    }

    /** The record of one subscriber's subscription to one channel. */
    Stream stream(String subscriber, String channel) {
        return streams.computeIfAbsent(subscriber + " " + channel, key -> new Stream(key, channel));
    }

    /** Streams that have had their first subscribe reply. */
    long started() {
        return streams.values().stream().filter(Stream::started).count();
    }

    /** Whether every stream has reached {@code tops} (channel → final position). */
    boolean converged(Map<String, Position> tops) {
        return streams.values().stream().allMatch(s -> s.reached(tops.get(s.channel)));
    }

    /** A few streams that have not reached {@code tops}, for a failure message. */
    List<String> behind(Map<String, Position> tops) {
        return streams.values().stream().filter(s -> !s.reached(tops.get(s.channel))).limit(10).map(Stream::toString)
                .toList();
    }

    Totals totals(Map<String, Position> tops) {
        long expected = 0;
        long delivered = 0;
        long gapped = 0;
        List<String> violations = new ArrayList<>(problems);
        int unconverged = 0;
        for (Stream stream : streams.values()) {
            synchronized (stream) {
                violations.addAll(stream.violations);
                if (!stream.reached(tops.get(stream.channel))) {
                    unconverged++;
                }
                for (Position p : acked.getOrDefault(stream.channel, Set.of())) {
                    if (!stream.inWindow(p)) {
                        continue;
                    }
                    expected++;
                    if (stream.delivered.contains(p)) {
                        delivered++;
                    } else if (stream.gapped(p)) {
                        gapped++;
                    }
                }
            }
        }
        int ackedCount = acked.values().stream().mapToInt(Set::size).sum();
        return new Totals(ackedCount, expected, delivered, gapped, expected - delivered - gapped, violations,
                unconverged);
    }

    private int epochIndex(String epoch) {
        synchronized (epochs) {
            int i = epochs.indexOf(epoch);
            return i < 0 ? Integer.MAX_VALUE : i;
        }
    }

    /** Whether {@code p} comes after {@code from} (exclusive) and not after {@code to} (inclusive). */
    private boolean between(Position p, Position from, Position to) {
        return compare(p, from) > 0 && (to == null || compare(p, to) <= 0);
    }

    private int compare(Position a, Position b) {
        int byEpoch = Integer.compare(epochIndex(a.epoch()), epochIndex(b.epoch()));
        return byEpoch != 0 ? byEpoch : Long.compare(a.offset(), b.offset());
    }

    /** One subscriber's view of one channel. */
    final class Stream {
        private final String name;
        final String channel;
        private Position start;
        private Position cursor;
        private final Set<Position> delivered = new HashSet<>();
        private final List<Position[]> gaps = new ArrayList<>();
        private final List<String> violations = new ArrayList<>();
        /** The last events, for the context of a violation. */
        private final java.util.ArrayDeque<String> recent = new java.util.ArrayDeque<>();

        private Stream(String name, String channel) {
            this.name = name;
            this.channel = channel;
        }

        /**
         * A subscribe answered. First time: the window starts at the stream top. A recovery that succeeded changes
         * nothing (its publications follow as deliveries); one that failed is an explicit gap up to the new top.
         */
        synchronized void subscribed(String epoch, long top, boolean recovering, boolean recovered) {
            remember("sub " + epoch + "/" + top + (recovering ? " recovering" : "") + (recovered ? " recovered" : ""));
            Position now = new Position(epoch, top);
            if (start == null) {
                start = now;
                cursor = now;
            } else if (!recovering || !recovered) {
                gaps.add(new Position[]{cursor, now});
                cursor = now;
            } else if (!epoch.equals(cursor.epoch())) {
                violation("recovered:true across epochs " + cursor + " -> " + now);
            }
        }

        /** A publication delivered in the subscription's current epoch. */
        synchronized void delivered(long offset) {
            remember("pub " + offset);
            if (cursor == null) {
                violation("publication " + offset + " before any subscribe reply");
                return;
            }
            Position p = new Position(cursor.epoch(), offset);
            if (offset <= cursor.offset()) {
                violation("offset " + offset + " after " + cursor.offset() + " (duplicate or reordered)");
                return;
            }
            if (offset > cursor.offset() + 1) {
                violation("offsets " + (cursor.offset() + 1) + ".." + (offset - 1) + " skipped silently");
            }
            delivered.add(p);
            cursor = p;
        }

        private synchronized boolean started() {
            return start != null;
        }

        private void remember(String event) {
            if (recent.size() == 8) {
                recent.removeFirst();
            }
            recent.addLast(java.time.LocalTime.now() + " " + event);
        }

        private void violation(String what) {
            violations.add(name + ": " + what + " after " + recent);
        }

        private boolean inWindow(Position p) {
            return start != null && compare(p, start) > 0;
        }

        private boolean gapped(Position p) {
            return gaps.stream().anyMatch(g -> between(p, g[0], g[1]));
        }

        private synchronized boolean reached(Position top) {
            return top == null || top.equals(cursor);
        }

        @Override
        public String toString() {
            return name + " at " + cursor;
        }
    }

    /** A readable summary line for the report. */
    static String describe(Totals t) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("acked", t.acked());
        fields.put("expected", t.expected());
        fields.put("delivered", t.delivered());
        fields.put("gapped", t.gapped());
        fields.put("lost", t.lost());
        fields.put("violations", t.violations().size());
        fields.put("unconverged", t.unconverged());
        return fields.toString();
    }
}
