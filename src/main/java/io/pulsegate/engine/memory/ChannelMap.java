package io.pulsegate.engine.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

import io.pulsegate.engine.map.MapOptions;
import io.pulsegate.protocol.Publication;

/**
 * One map channel's state in memory: entries by key (each the publication of the key's last change, so it carries
 * that change's offset) and the keys' expiry times.
 *
 * <p>
 * Not thread-safe: used only with the channel's {@link ChannelStream} monitor held (see {@link MemoryMapStore}).
 */
final class ChannelMap {

    /** Code point order, which is the UTF-8 byte order Redis uses for ZRANGEBYLEX, so both engines page alike. */
    static final Comparator<String> KEY_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    };

    private record Expiry(long at, String key) {}

    private static final Comparator<Expiry> EXPIRY_ORDER = Comparator.comparingLong(Expiry::at)
            .thenComparing(Expiry::key, KEY_ORDER);

    /** The stream epoch this state belongs to; a new epoch means the state was lost. */
    final String epoch;
    /** The options of the last call, used by the periodic sweep. */
    MapOptions options;
    private final NavigableMap<String, Publication> entries = new TreeMap<>(KEY_ORDER);
    private final Map<String, Long> expireAt = new HashMap<>();
    private final TreeSet<Expiry> expiries = new TreeSet<>(EXPIRY_ORDER);

    ChannelMap(String epoch, MapOptions options) {
        this.epoch = epoch;
        this.options = options;
    }

    boolean contains(String key) {
        return entries.containsKey(key);
    }

    int size() {
        return entries.size();
    }

    /** Stores the key's latest change; {@code ttlMillis <= 0} means it never expires. */
    void put(Publication entry, long now, long ttlMillis) {
        entries.put(entry.key(), entry);
        unschedule(entry.key());
        if (ttlMillis > 0) {
            long at = ChannelStream.plus(now, ttlMillis);
            expireAt.put(entry.key(), at);
            expiries.add(new Expiry(at, entry.key()));
        }
    }

    void remove(String key) {
        entries.remove(key);
        unschedule(key);
    }

    /** @return up to {@code max} keys whose expiry is due at {@code now}, earliest first */
    List<String> due(long now, int max) {
        List<String> keys = new ArrayList<>();
        for (Expiry e : expiries) {
            if (e.at() > now || keys.size() >= max) {
                break;
            }
            keys.add(e.key());
        }
        return keys;
    }

    /**
     * @param after exclusive start key, {@code ""} for the first
     * @param max most entries; negative for all
     * @return entries after {@code after}, in key order; one more than {@code max} tells the caller a page follows
     */
    List<Publication> page(String after, int max) {
        Map<String, Publication> tail = after.isEmpty() ? entries : entries.tailMap(after, false);
        List<Publication> out = new ArrayList<>();
        for (Publication p : tail.values()) {
            if (max >= 0 && out.size() > max) {
                break;
            }
            out.add(p);
        }
        return out;
    }

    /** @return the key's entry alone, or nothing */
    List<Publication> single(String key) {
        Publication entry = entries.get(key);
        return entry == null ? List.of() : List.of(entry);
    }

    private void unschedule(String key) {
        Long at = expireAt.remove(key);
        if (at != null) {
            expiries.remove(new Expiry(at, key));
        }
    }
}
