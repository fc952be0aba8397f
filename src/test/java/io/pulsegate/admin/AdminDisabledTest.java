package io.pulsegate.admin;

import static io.restassured.RestAssured.given;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** With {@code pulsegate.admin.enabled} at its default (off), nothing under the admin path exists. */
@QuarkusTest
class AdminDisabledTest {

    @Test
    void everythingUnderTheAdminPathIs404() {
        for (String path : new String[]{"/admin", "/admin/", "/admin/index.html", "/admin/admin.js",
                "/admin/uPlot.iife.min.js", "/admin/api/session", "/admin/api/live", "/admin-ui/index.html"}) {
            given().redirects().follow(false).get(path).then().statusCode(404);
        }
        given().contentType(ContentType.JSON).body("{\"password\":\"x\"}").post("/admin/api/sign-in").then()
                .statusCode(404);
        given().contentType(ContentType.JSON).body("{}").post("/admin/api/call/info").then().statusCode(404);
    }
}
