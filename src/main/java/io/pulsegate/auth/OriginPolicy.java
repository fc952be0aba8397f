package io.pulsegate.auth;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Allowlist for the {@code Origin} header of WebSocket/SSE handshakes (CSWSH defence, hardening
 * §1.3, catalogue O1–O4).
 *
 * <p>
 * Entries: an exact origin ({@code https://app.example.com}, {@code http://localhost:3000}); a
 * leading-label wildcard ({@code https://*.example.com} = one or more subdomain labels, never the
 * apex, same scheme and port); or {@code *} = any well-formed origin. Comparison is on the
 * normalised triple (lower-case scheme and host, default port dropped); there is no substring or
 * prefix matching. {@code Origin: null}, malformed values and values with a path, query or
 * userinfo are always refused, even with {@code *}. An empty list refuses every request that has
 * an Origin. Immutable and thread-safe; {@link #allows} is cheap and safe on an event loop.
 */
public final class OriginPolicy {

    /** scheme "://" host [":" port] ["/"]: browsers never send more, so anything else is refused. */
    private static final Pattern ORIGIN = Pattern.compile(
            "([A-Za-z][A-Za-z0-9+.-]*)://(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*)(?::([0-9]{1,5}))?/?");

    private record Origin(String scheme, String host, int port) {}

    private record Wildcard(String scheme, String suffix, int port) {
        boolean matches(Origin o) {
            return scheme.equals(o.scheme()) && port == o.port() && o.host().endsWith(suffix)
                    && o.host().length() > suffix.length();
        }
    }

    private final boolean allowAny;
    private final boolean allowMissing;
    private final Set<Origin> exact = new HashSet<>();
    private final List<Wildcard> wildcards;

    /** Policy that admits requests without an Origin header (native and mobile clients). */
    public OriginPolicy(List<String> allowedOrigins) {
        this(allowedOrigins, true);
    }

    /**
     * @param allowedOrigins entries as described in the type Javadoc
     * @param allowMissing whether a request without an Origin header is admitted; set {@code false}
     *        when handshakes are authenticated by cookies
     * @throws IllegalArgumentException if an entry is not a valid origin or pattern
     */
    public OriginPolicy(List<String> allowedOrigins, boolean allowMissing) {
        this.allowMissing = allowMissing;
        this.allowAny = allowedOrigins.contains("*");
        this.wildcards = allowedOrigins.stream().filter(e -> !e.equals("*") && e.contains("*"))
                .map(OriginPolicy::wildcard).toList();
        allowedOrigins.stream().filter(e -> !e.contains("*")).map(OriginPolicy::entry).forEach(exact::add);
    }

    /**
     * @param origin the raw Origin header value, or {@code null} when the request has none
     * @return whether the handshake may proceed
     */
    public boolean allows(String origin) {
        if (origin == null) {
            return allowMissing;
        }
        Origin o = parse(origin);
        if (o == null) {
            return false;
        }
        return allowAny || exact.contains(o) || wildcards.stream().anyMatch(w -> w.matches(o));
    }

    private static Origin entry(String entry) {
        Origin o = parse(entry);
        if (o == null) {
            throw new IllegalArgumentException("allowed origin is not scheme://host[:port]: " + entry);
        }
        return o;
    }

    private static Wildcard wildcard(String entry) {
        int at = entry.indexOf("://*.");
        String rest = at < 0 ? "" : entry.substring(at + 5);
        if (at < 0 || rest.contains("*") || rest.startsWith("[")) {
            throw new IllegalArgumentException("wildcard origin must look like https://*.example.com: " + entry);
        }
        Origin base = entry(entry.substring(0, at + 3) + rest);
        return new Wildcard(base.scheme(), "." + base.host(), base.port());
    }

    /** @return the normalised origin, or {@code null} if the value is not a plain serialised origin */
    private static Origin parse(String value) {
        Matcher m = ORIGIN.matcher(value);
        if (!m.matches()) {
            return null; // also covers "null", paths, queries, userinfo, whitespace and lists
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        int defaultPort = switch (scheme) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
        int port = m.group(3) == null ? defaultPort : Integer.parseInt(m.group(3));
        if (port == 0 || port > 65_535) {
            return null;
        }
        return new Origin(scheme, m.group(2).toLowerCase(Locale.ROOT), port == defaultPort ? -1 : port);
    }
}
