package io.pulsegate.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The admin API's security contract on a running gateway: sessions, sign-out, CSRF, expiry, forged cookies. */
@QuarkusTest
@TestProfile(AdminSecurityTest.Enabled.class)
class AdminSecurityTest {

    static final String PASSWORD = "correct horse battery staple";
    static final String SECRET = "admin-test-secret-0123456789abcdef";

    /** Admin on, with a password and a secret. */
    public static class Enabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pulsegate.admin.enabled", "true", "pulsegate.admin.password", PASSWORD,
                    "pulsegate.admin.secret", SECRET, "pulsegate.admin.session-ttl", "10m");
        }
    }

    /** A signed-in admin: the cookie value and the CSRF token. */
    record Admin(String cookie, String csrf) {}

    @Test
    void everyAdminApiRouteWithoutASessionIs401() {
        given().get("/admin/api/session").then().statusCode(401);
        given().get("/admin/api/live").then().statusCode(401);
        given().get("/admin/api/tail?channel=chat:x").then().statusCode(401);
        given().get("/admin/api/backends").then().statusCode(401);
        given().get("/admin/api/unknown").then().statusCode(401);
        given().post("/admin/api/sign-out").then().statusCode(401);
        for (String method : AdminRoutes.METHODS) {
            given().contentType(ContentType.JSON).body("{}").post("/admin/api/call/" + method).then()
                    .statusCode(401);
        }
        given().contentType(ContentType.JSON).body("{}").post("/admin/api/call/history_remove").then()
                .statusCode(401);
    }

    @Test
    void aWrongPasswordIsRefused() {
        given().contentType(ContentType.JSON).body("{\"password\":\"wrong\"}").post("/admin/api/sign-in").then()
                .statusCode(401).header("Set-Cookie", (String) null);
        given().contentType(ContentType.JSON).body("{}").post("/admin/api/sign-in").then().statusCode(401);
        given().contentType(ContentType.JSON).body("not json").post("/admin/api/sign-in").then().statusCode(401);
        given().contentType(ContentType.URLENC).formParam("password", PASSWORD).post("/admin/api/sign-in").then()
                .statusCode(415);
    }

    @Test
    void signInSetsAStrictHttpOnlyCookieScopedToThePath() {
        Response r = given().contentType(ContentType.JSON).body("{\"password\":\"" + PASSWORD + "\"}")
                .post("/admin/api/sign-in");
        assertEquals(200, r.statusCode());
        String header = r.header("Set-Cookie");
        assertTrue(header.toLowerCase(java.util.Locale.ROOT).contains("httponly"), header);
        assertTrue(header.contains("SameSite=Strict"), header);
        assertTrue(header.contains("Path=/admin"), header);
        assertTrue(header.contains("Max-Age=600"), header);
        assertEquals("no-store", r.header("Cache-Control"));
    }

    @Test
    void aSessionReadsAndCallsTheServerApi() {
        Admin admin = signIn();
        given().cookie(AdminSessions.COOKIE, admin.cookie()).get("/admin/api/session").then().statusCode(200)
                .body("user", equalTo("admin")).body("csrf", equalTo(admin.csrf()));
        call(admin, "info", "{}").then().statusCode(200).body("result.nodes[0].version", equalTo(
                io.pulsegate.Version.VALUE));
        call(admin, "publish", "{\"channel\":\"chat:admin\",\"data\":{\"text\":\"hi\"}}").then().statusCode(200)
                .body("result.offset", equalTo(1));
        call(admin, "history", "{\"channel\":\"chat:admin\",\"limit\":5}").then().statusCode(200)
                .body("result.publications[0].data.text", equalTo("hi"));
        given().cookie(AdminSessions.COOKIE, admin.cookie()).get("/admin/api/backends").then().statusCode(200)
                .body("proxies", equalTo(Map.of())).body("consumers", equalTo(Map.of()));
        call(admin, "disconnect", "{\"user\":\"nobody\"}").then().statusCode(200).body("result", equalTo(Map.of()));
    }

    @Test
    void serverApiMethodsOutsideTheAllowListAre404() {
        Admin admin = signIn();
        call(admin, "history_remove", "{\"channel\":\"chat:x\"}").then().statusCode(404);
        call(admin, "batch", "{\"commands\":[]}").then().statusCode(404);
    }

    @Test
    void aMutatingRequestWithoutTheCsrfTokenIs403() {
        Admin admin = signIn();
        given().cookie(AdminSessions.COOKIE, admin.cookie()).contentType(ContentType.JSON).body("{}")
                .post("/admin/api/call/info").then().statusCode(403);
        given().cookie(AdminSessions.COOKIE, admin.cookie()).header(AdminSessions.CSRF_HEADER, admin.csrf() + "x")
                .contentType(ContentType.JSON).body("{}").post("/admin/api/call/info").then().statusCode(403);
        given().cookie(AdminSessions.COOKIE, admin.cookie()).post("/admin/api/sign-out").then().statusCode(403);
    }

    @Test
    void afterSignOutTheOldCookieIs401() {
        Admin admin = signIn();
        given().cookie(AdminSessions.COOKIE, admin.cookie()).header(AdminSessions.CSRF_HEADER, admin.csrf())
                .post("/admin/api/sign-out").then().statusCode(204).header("Set-Cookie", containsString("Max-Age=0"));
        given().cookie(AdminSessions.COOKIE, admin.cookie()).get("/admin/api/session").then().statusCode(401);
        call(admin, "info", "{}").then().statusCode(401);
    }

    @Test
    void anExpiredOrForgedSessionIs401() {
        SessionCodec past = new SessionCodec(SECRET.getBytes(StandardCharsets.UTF_8), Clock.offset(Clock
                .systemUTC(), Duration.ofMinutes(-20)).withZone(ZoneOffset.UTC));
        String expired = past.encode(past.open("admin", Duration.ofMinutes(10)));
        given().cookie(AdminSessions.COOKIE, expired).get("/admin/api/session").then().statusCode(401);
        SessionCodec foreign = new SessionCodec("some-other-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8),
                Clock.systemUTC());
        String forged = foreign.encode(foreign.open("admin", Duration.ofMinutes(10)));
        given().cookie(AdminSessions.COOKIE, forged).get("/admin/api/session").then().statusCode(401);
        SessionCodec same = new SessionCodec(SECRET.getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
        given().cookie(AdminSessions.COOKIE, same.encode(same.open("admin", Duration.ofMinutes(10))))
                .get("/admin/api/session").then().statusCode(200);
    }

    @Test
    void anAdminJwtSignsIn() {
        String jwt = AdminAuthTest.jwt(SECRET, "ops:carol", true, 60);
        given().contentType(ContentType.JSON).body("{\"token\":\"" + jwt + "\"}").post("/admin/api/sign-in").then()
                .statusCode(200).body("user", equalTo("ops:carol"));
        String plain = AdminAuthTest.jwt(SECRET, "ops:carol", false, 60);
        given().contentType(ContentType.JSON).body("{\"token\":\"" + plain + "\"}").post("/admin/api/sign-in")
                .then().statusCode(401);
    }

    @Test
    void theUiIsServedWithRestrictiveHeaders() {
        given().redirects().follow(false).get("/admin").then().statusCode(302);
        given().get("/admin/").then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("X-Frame-Options", "DENY").body(containsString("Pulsegate admin"));
        given().get("/admin/uPlot.iife.min.js").then().statusCode(200).contentType(containsString("javascript"));
        given().get("/admin/../application.properties").then().statusCode(404);
        given().get("/admin/nothing.js").then().statusCode(404);
    }

    static Admin signIn() {
        Response r = given().contentType(ContentType.JSON).body("{\"password\":\"" + PASSWORD + "\"}")
                .post("/admin/api/sign-in");
        assertEquals(200, r.statusCode());
        return new Admin(r.cookie(AdminSessions.COOKIE), r.jsonPath().getString("csrf"));
    }

    static Response call(Admin admin, String method, String body) {
        return given().cookie(AdminSessions.COOKIE, admin.cookie()).header(AdminSessions.CSRF_HEADER, admin.csrf())
                .contentType(ContentType.JSON).body(body).post("/admin/api/call/" + method);
    }
}
