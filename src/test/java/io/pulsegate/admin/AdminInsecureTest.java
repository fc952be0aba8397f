package io.pulsegate.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** {@code pulsegate.admin.insecure=true} (the {@code %dev} setting): no sign-in, no CSRF token; still the allow-list. */
@QuarkusTest
@TestProfile(AdminInsecureTest.Insecure.class)
class AdminInsecureTest {

    /** Admin on without sign-in, at a custom path. */
    public static class Insecure implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pulsegate.admin.enabled", "true", "pulsegate.admin.insecure", "true",
                    "pulsegate.admin.path", "/ops/console/");
        }
    }

    @Test
    void theApiAnswersWithoutASession() {
        given().get("/ops/console/api/session").then().statusCode(200).body("insecure", equalTo(true));
        given().contentType(ContentType.JSON).body("{}").post("/ops/console/api/call/info").then().statusCode(200)
                .body("result.nodes.size()", equalTo(1));
        given().contentType(ContentType.JSON).body("{\"channel\":\"chat:x\"}")
                .post("/ops/console/api/call/history_remove").then().statusCode(404);
    }

    @Test
    void theUiMovesWithThePath() {
        given().get("/ops/console/").then().statusCode(200);
        given().get("/admin/").then().statusCode(404);
        given().get("/admin/api/session").then().statusCode(404);
    }
}
