package io.pulsegate.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/** Connection-level settings, under {@code pulsegate.client}. */
public interface ClientConfig {

    /**
     * Browser origins allowed to open connections: exact origins ({@code https://app.example.com}), wildcard subdomains
     * ({@code https://*.example.com}) or {@code *} for any. Empty (the default) rejects every request that carries an
     * {@code Origin} header, i.e. every browser, with 403.
     */
    Optional<List<String>> allowedOrigins();

    /** Whether requests without an {@code Origin} header (native and mobile clients) may connect. */
    @WithDefault("true")
    boolean allowMissingOrigin();

    /**
     * Insecure development mode: no token needed, every channel operation allowed, token expiry ignored. Never enable
     * in production.
     */
    @WithDefault("false")
    boolean insecure();

    /** Whether a client may connect without a token, as anonymous user {@code ""}. */
    @WithDefault("false")
    boolean allowAnonymousConnectWithoutToken();

    /** Interval of server pings ({@code {}}); the first ping is jittered between half and the full interval. */
    @WithDefault("25s")
    Duration pingInterval();

    /** How long after a ping the client may stay silent before it is closed with 3012. Must be below the interval. */
    @WithDefault("8s")
    Duration pongTimeout();

    /** How long a connection may stay open without sending {@code connect} before it is closed with 3502. */
    @WithDefault("10s")
    Duration staleCloseDelay();

    /** Grace after connection expiry for the client to refresh its token before it is closed with 3005. */
    @WithDefault("25s")
    Duration expiredCloseDelay();

    /** Grace after subscription expiry for the client to refresh its subscription token (unsubscribe 2501). */
    @WithDefault("25s")
    Duration expiredSubCloseDelay();

    /** Maximum bytes queued for one connection; a client that does not read fast enough is closed with 3008. */
    @WithDefault("1048576")
    int queueMaxSize();

    /**
     * Least time between two writes of publications to one connection. A publication arriving sooner waits for the
     * rest of the interval and leaves with the others that arrived meanwhile, in one socket write; the first one after a
     * quiet interval leaves at once, and replies never wait. {@code 0s} writes every publication as soon as the
     * connection's thread gets to it, so writes are coalesced only once the server falls behind. A few milliseconds
     * keep the coalescing on at any rate, which lifts the highest sustainable fan-out rate (see docs/benchmarks.md)
     * for up to that much added latency.
     */
    @WithDefault("0s")
    Duration minWriteInterval();

    /** Maximum channels one connection may subscribe to (error 106 beyond). */
    @WithDefault("128")
    int channelLimit();

    /** Maximum connections on this node; 0 means unlimited. Beyond it connect is refused with 3504. */
    @WithDefault("0")
    int connectionLimit();

    /** Maximum connections of one user on this node; 0 means unlimited. Beyond it connect is refused with 3504. */
    @WithDefault("0")
    int userConnectionLimit();

    /** Sustained commands per second one connection may send (token bucket refill rate). */
    @WithDefault("100")
    int commandRate();

    /** Burst size of the command token bucket. */
    @WithDefault("200")
    int commandBurst();

    /**
     * Rate-limited commands (error 111) tolerated per connection before it is closed with 3013; the counter decays as
     * the bucket refills.
     */
    @WithDefault("20")
    int commandRateViolations();

    /** Maximum publications returned by one client history call. */
    @WithDefault("300")
    int historyMaxPublicationLimit();

    /** Maximum publications replayed by one recovery; a larger gap yields {@code recovered:false}. */
    @WithDefault("300")
    int recoveryMaxPublicationLimit();

    /** How long a presence entry lives without being refreshed. */
    @WithDefault("60s")
    Duration presenceTtl();

    /** How often each node refreshes the presence of its own connections. */
    @WithDefault("25s")
    Duration presenceUpdateInterval();

    /** Subscribe every authenticated connection to its user's personal channel {@code #<user>}. */
    @WithDefault("false")
    boolean subscribeToUserPersonalChannel();

    /** Namespace of the personal channel ({@code ns:#<user>}); channels without namespace when absent. */
    Optional<String> personalChannelNamespace();

    /** Connection-wide backend proxies: connect and refresh. */
    ProxyEvents proxy();

    /** Which named proxies ({@code pulsegate.proxies.<name>}) decide connects and refreshes, under {@code proxy}. */
    interface ProxyEvents {

        /** When a connect goes to the connect proxy. */
        enum ConnectMode {
            /** Only connects without a token (Centrifugo's rule); tokens are verified as usual. */
            WITHOUT_TOKEN,
            /** Every connect: the backend authenticates all connections, tokens are not verified by the gateway. */
            ALWAYS
        }

        /**
         * Proxy asked to authenticate a connect (cookie sessions, API keys, …): it answers the user, expiry, info,
         * connect data, server-side channels and meta. None by default: connects need a token.
         */
        Optional<String> connect();

        /** Which connects the connect proxy decides. */
        @WithDefault("without-token")
        ConnectMode connectMode();

        /**
         * Proxy asked, when a connection expires, whether to extend it ({@code expire_at}) or let it go (3005). With
         * it, the gateway refreshes connections itself: clients get {@code expires:false} and never send a token.
         */
        Optional<String> refresh();

        /** When the refresh proxy cannot be reached, the connection lives on and the call is retried after this. */
        @WithDefault("60s")
        Duration refreshRetryInterval();
    }
}
