package io.pulsegate.auth;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Stream;

import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

/**
 * Verifies Centrifugo connection and subscription JWTs (brief §4) with jose4j.
 *
 * <p>
 * Key selection never trusts the token: {@code HS*} only ever meets the configured HMAC secret;
 * {@code RS*}, {@code ES*} and {@code EdDSA} meet the JWKS key named by {@code kid} when a JWKS is
 * configured and the token has a {@code kid}, otherwise the configured PEM key. Every key carries
 * its own algorithm allowlist ({@link PinnedKey}), so {@code none} and HS/RS confusion cannot pass.
 * {@code jku}, {@code x5u}, {@code jwk} and {@code x5c} headers are never read; {@code kid} is only
 * a map key.
 *
 * <p>
 * Threading: both {@code verify*} methods may be called on a Vert.x event loop and never block.
 * With HMAC/PEM keys (or a cached JWKS key) the returned stage is already complete; when the JWKS
 * must be fetched it completes later on an {@link HttpClient} thread, so callers on an event loop
 * must hop back to their context before touching connection state. Failures complete the stage
 * with an unwrapped {@link TokenException}. Thread-safe.
 */
public final class TokenVerifier {

    /** Far above any real token; bounds parsing work for garbage input. */
    static final int MAX_TOKEN_CHARS = 65_536;

    private final Optional<PinnedKey> hmac;
    private final List<PinnedKey> staticAsymmetric;
    private final JwksCache jwks;
    private final SignatureCheck check;
    private final boolean requireExp;

    /** Verifier using the system clock and a private {@link HttpClient} for the JWKS (if any). */
    public TokenVerifier(TokenSettings settings) {
        this(settings, defaultHttpClient(), Clock.systemUTC());
    }

    /**
     * @param settings validated key and claim settings
     * @param httpClient client for JWKS fetches (redirects should be disabled)
     * @param clock time source for {@code exp}/{@code nbf}/{@code iat} and the JWKS cache
     */
    public TokenVerifier(TokenSettings settings, HttpClient httpClient, Clock clock) {
        this.requireExp = settings.requireExp();
        this.hmac = settings.hmacSecret().map(PinnedKey::hmac);
        this.staticAsymmetric = Stream.concat(
                settings.rsaPublicKeyPem().map(PemKeys::rsa).map(PinnedKey::rsa).stream(),
                settings.ecdsaPublicKeyPem().map(PemKeys::ec).map(PinnedKey::ec).stream()).toList();
        this.jwks = settings.jwksUrl().map(url -> new JwksCache(url, httpClient, clock, settings.jwksCacheTtl(),
                settings.jwksMinRefetchInterval())).orElse(null);
        this.check = new SignatureCheck(settings, clock);
    }

    /** Runs on the caller's thread, never blocks. See the type Javadoc for completion threads. */
    public CompletionStage<ConnectionClaims> verifyConnection(String token) {
        return verify(token, requireExp, ClaimsReader::connection);
    }

    /** Runs on the caller's thread, never blocks. See the type Javadoc for completion threads. */
    public CompletionStage<SubscriptionClaims> verifySubscription(String token) {
        return verify(token, false, ClaimsReader::subscription);
    }

    private <T> CompletionStage<T> verify(String token, boolean requireExp, Function<String, T> mapper) {
        CompletableFuture<T> out = new CompletableFuture<>();
        try {
            JsonWebSignature jws = header(token);
            String alg = jws.getAlgorithmHeaderValue();
            candidates(alg, jws.getKeyIdHeaderValue()).whenComplete((keys, error) -> {
                try {
                    if (error != null) {
                        throw error;
                    }
                    out.complete(mapper.apply(check.verify(token, alg, keys, requireExp)));
                } catch (Throwable t) {
                    out.completeExceptionally(asTokenException(t));
                }
            });
        } catch (RuntimeException e) {
            out.completeExceptionally(asTokenException(e));
        }
        return out;
    }

    /** Structural checks on the unverified header; only {@code alg}, {@code kid} and {@code cty} are read. */
    private static JsonWebSignature header(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            throw TokenException.invalid("token is empty or too long");
        }
        JsonWebStructure structure;
        try {
            structure = JsonWebStructure.fromCompactSerialization(token);
        } catch (JoseException e) {
            throw TokenException.invalid("token is malformed");
        }
        if (!(structure instanceof JsonWebSignature jws)) {
            throw TokenException.invalid("token is not a signed JWT");
        }
        String alg = jws.getAlgorithmHeaderValue();
        if (alg == null || alg.isEmpty() || "none".equalsIgnoreCase(alg)) {
            throw TokenException.invalid("token is unsigned");
        }
        if ("JWT".equalsIgnoreCase(jws.getContentTypeHeaderValue())) {
            throw TokenException.invalid("nested tokens are not accepted");
        }
        return jws;
    }

    private CompletionStage<List<PinnedKey>> candidates(String alg, String kid) {
        if (alg.startsWith("HS")) {
            return CompletableFuture.completedFuture(hmac.filter(k -> k.permits(alg)).stream().toList());
        }
        if (kid != null && jwks != null) {
            return jwks.keys(kid).thenApply(keys -> keys.stream().filter(k -> k.permits(alg)).toList());
        }
        return CompletableFuture.completedFuture(staticAsymmetric.stream().filter(k -> k.permits(alg)).toList());
    }

    private static TokenException asTokenException(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return cause instanceof TokenException te ? te : TokenException.invalid("token could not be verified");
    }

    private static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder().connectTimeout(JwksCache.FETCH_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }
}
