package io.pulsegate.transport.stream;

import static io.restassured.RestAssured.given;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

import io.pulsegate.auth.DevTokens;
import io.quarkus.test.junit.QuarkusTestProfile;

/** Shared setup of the streaming endpoint tests: a profile with fast pings, tokens, raw requests, the server API. */
final class StreamTestSupport {

    static final String SECRET = "pulsegate-test-secret-0123456789abcdef";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private StreamTestSupport() {
    }

    /**
     * Pings every second and a heartbeat comment after half a second of silence, so both show up in tests. The pong
     * timeout stays long: emulation tests do not answer pings, and a loaded CI machine must not turn that into 3012.
     */
    public static final class FastPings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pulsegate.client.ping-interval", "1s", "pulsegate.client.pong-timeout", "30s",
                    "pulsegate.stream.heartbeat-interval", "500ms");
        }
    }

    /** @return a connection token for {@code user} with server-side {@code channels} */
    static String token(String user, String... channels) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject(user);
        claims.setIssuedAt(NumericDate.now());
        claims.setExpirationTimeMinutesInTheFuture(10);
        if (channels.length > 0) {
            claims.setClaim("channels", List.of(channels));
        }
        return DevTokens.hs256(SECRET, claims);
    }

    static String query(String json) {
        return "cf_connect=" + URLEncoder.encode(json, StandardCharsets.UTF_8);
    }

    /** Opens a streaming GET with extra headers ({@code name, value, …}). */
    static EventStream get(URI base, String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return new EventStream(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    /** Opens a streaming POST. */
    static EventStream post(URI base, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<InputStream> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        return new EventStream(r);
    }

    static void api(String method, String body) {
        given().header("X-API-Key", "test-api-key").body(body).post("/api/" + method).then().statusCode(200);
    }

    static String field(String json, String regex) {
        Matcher m = Pattern.compile(regex).matcher(json);
        if (!m.find()) {
            throw new AssertionError(regex + " not in " + json);
        }
        return m.group(1);
    }
}
