package io.pulsegate.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;

/**
 * Keys from the one configured JWKS URL, indexed by {@code kid}.
 *
 * <p>
 * Concurrency contract: {@link #keys} never blocks and never performs I/O on the calling thread;
 * at most one fetch is in flight and every caller that needs it shares it. Fetches are spaced at
 * least {@code minRefetchInterval} apart whatever triggers them (unknown {@code kid}, TTL expiry,
 * a failed previous fetch), so a spray of forged {@code kid}s costs the key endpoint at most one
 * request per interval. When a fetch fails the previous key set keeps being served.
 */
final class JwksCache {

    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);
    static final long MAX_BODY_BYTES = 1 << 20;

    private record Snapshot(Map<String, List<PinnedKey>> byKid, long fetchedAtMillis) {
        List<PinnedKey> get(String kid) {
            return byKid.getOrDefault(kid, List.of());
        }
    }

    private final URI url;
    private final HttpClient http;
    private final Clock clock;
    private final long ttlMillis;
    private final long minIntervalMillis;
    private final Object lock = new Object();
    private Snapshot snapshot; // guarded by lock
    private CompletableFuture<Snapshot> inFlight; // guarded by lock
    private long lastFetchStartMillis; // guarded by lock
    private boolean everFetched; // guarded by lock

    JwksCache(URI url, HttpClient http, Clock clock, Duration ttl, Duration minRefetchInterval) {
        this.url = url;
        this.http = http;
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
        this.minIntervalMillis = minRefetchInterval.toMillis();
    }

    /**
     * Keys published under {@code kid}; empty when the set has no such key. Completes exceptionally
     * with {@link TokenException.Reason#UNAVAILABLE} only when no key set could be obtained. Runs on
     * any thread, must not block; completion may happen on an {@link HttpClient} thread.
     */
    CompletionStage<List<PinnedKey>> keys(String kid) {
        Snapshot current;
        CompletableFuture<Snapshot> fetch;
        synchronized (lock) {
            long now = clock.millis();
            current = snapshot;
            boolean fresh = current != null && now - current.fetchedAtMillis() < ttlMillis;
            if (fresh && current.byKid().containsKey(kid)) {
                return CompletableFuture.completedFuture(current.get(kid));
            }
            fetch = inFlight != null ? inFlight : mayFetch(now) ? begin(now) : null;
        }
        if (fetch == null) {
            // Rate limited: answer from what we have rather than hitting the endpoint again.
            return current == null
                    ? CompletableFuture.failedFuture(unavailable())
                    : CompletableFuture.completedFuture(current.get(kid));
        }
        Snapshot stale = current;
        return fetch.handle((fetched, error) -> {
            if (fetched != null) {
                return fetched.get(kid);
            }
            if (stale != null && stale.byKid().containsKey(kid)) {
                return stale.get(kid);
            }
            throw unavailable();
        });
    }

    private boolean mayFetch(long now) {
        return !everFetched || now - lastFetchStartMillis >= minIntervalMillis;
    }

    /** Lock held on entry. Publishes the promise before any I/O so concurrent callers share it. */
    private CompletableFuture<Snapshot> begin(long now) {
        everFetched = true;
        lastFetchStartMillis = now;
        CompletableFuture<Snapshot> promise = new CompletableFuture<>();
        inFlight = promise;
        // The request is started from a pooled thread, not under the lock, as sendAsync may do DNS work.
        CompletableFuture.runAsync(() -> fetch().whenComplete((fetched, error) -> {
            synchronized (lock) {
                if (fetched != null) {
                    snapshot = fetched;
                }
                inFlight = null;
            }
            if (fetched != null) {
                promise.complete(fetched);
            } else {
                promise.completeExceptionally(error);
            }
        }));
        return promise;
    }

    private CompletableFuture<Snapshot> fetch() {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(FETCH_TIMEOUT)
                .header("Accept", "application/json").GET().build();
        try {
            // The request timeout only covers the headers; orTimeout also bounds a trickling body.
            return http.sendAsync(request, LimitedBody.handler(MAX_BODY_BYTES)).thenApply(this::parse)
                    .orTimeout(FETCH_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Snapshot parse(HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("JWKS endpoint answered " + response.statusCode());
        }
        try {
            JsonWebKeySet set = new JsonWebKeySet(new String(response.body(), StandardCharsets.UTF_8));
            Map<String, List<PinnedKey>> byKid = new HashMap<>();
            for (JsonWebKey jwk : set.getJsonWebKeys()) {
                if (jwk.getKeyId() != null) {
                    PinnedKey.fromJwk(jwk).ifPresent(
                            k -> byKid.computeIfAbsent(jwk.getKeyId(), id -> new ArrayList<>()).add(k));
                }
            }
            byKid.replaceAll((kid, keys) -> List.copyOf(keys));
            return new Snapshot(Map.copyOf(byKid), clock.millis());
        } catch (JoseException e) {
            throw new IllegalStateException("JWKS document is malformed", e);
        }
    }

    private static TokenException unavailable() {
        return new TokenException(TokenException.Reason.UNAVAILABLE, "signing keys unavailable");
    }
}
