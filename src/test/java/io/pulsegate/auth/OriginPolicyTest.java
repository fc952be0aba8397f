package io.pulsegate.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Origin allowlist, catalogue rows O1–O4 plus normalisation. */
class OriginPolicyTest {

    static final OriginPolicy POLICY = new OriginPolicy(
            List.of("https://app.example.com", "http://localhost:3000", "https://*.tenants.example.com"));

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example.com", "https://APP.Example.COM", "HTTPS://app.example.com",
            "https://app.example.com:443", "https://app.example.com/", "http://localhost:3000",
            "http://LOCALHOST:3000/", "https://a.tenants.example.com", "https://a.b.tenants.example.com",
            "https://a.tenants.example.com:443"})
    void allowed(String origin) {
        assertTrue(POLICY.allows(origin), origin);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://evil.example", // O1
            "null", "NULL", // O2
            "https://app.example.com.evil.com", "https://evilapp.example.com", "http://app.example.com",
            "https://app.example.com:444", "https://example.com", // O3
            "https://tenants.example.com", "https://.tenants.example.com", "http://a.tenants.example.com",
            "https://a.tenants.example.com:8443", "https://atenants.example.com", // wildcard edges
            "http://localhost", "http://localhost:3001", "https://localhost:3000", // port and scheme
            "https://app.example.com/path", "https://app.example.com?x=1", "https://app.example.com#f",
            "https://user@app.example.com", "https://user:pw@app.example.com", // beyond scheme://host:port
            "", " https://app.example.com", "https://app.example.com ", "app.example.com",
            "https://app.example.com, https://evil.example", "https://app.example.com:", "https://app.example.com:0",
            "https://app.example.com:99999", "https://app..example.com", "https://app.example.com.",
            "https://app.example.com//", "https://app%2eexample.com", "file://", "https://"})
    void refused(String origin) {
        assertFalse(POLICY.allows(origin), origin);
    }

    @Test
    void missingOriginFollowsTheFlag() { // O4
        assertTrue(POLICY.allows(null));
        assertFalse(new OriginPolicy(List.of("https://app.example.com"), false).allows(null));
    }

    @Test
    void emptyListRefusesEveryOriginButAdmitsNativeClients() {
        OriginPolicy empty = new OriginPolicy(List.of());
        assertFalse(empty.allows("https://app.example.com"));
        assertTrue(empty.allows(null));
    }

    @Test
    void starAdmitsAnyWellFormedOriginButNeverNull() {
        OriginPolicy any = new OriginPolicy(List.of("*"));
        assertTrue(any.allows("https://whatever.example"));
        assertTrue(any.allows("capacitor://localhost"));
        assertFalse(any.allows("null"));
        assertFalse(any.allows("https://x.example/path"));
    }

    @Test
    void defaultPortsAndCaseNormalisedInTheAllowlistToo() {
        OriginPolicy p = new OriginPolicy(List.of("HTTPS://App.Example.com:443/", "http://[::1]:8080"));
        assertTrue(p.allows("https://app.example.com"));
        assertTrue(p.allows("http://[::1]:8080"));
        assertFalse(p.allows("http://[::1]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"app.example.com", "https://app.example.com/path", "https://app*.example.com",
            "*.example.com", "https://*.*.example.com", "https://a.*.example.com", "https://*.[::1]", "null"})
    void invalidEntriesFailFast(String entry) {
        assertThrows(IllegalArgumentException.class, () -> new OriginPolicy(List.of(entry)));
    }
}
