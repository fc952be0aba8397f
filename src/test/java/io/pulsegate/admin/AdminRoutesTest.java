package io.pulsegate.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AdminRoutesTest {

    @Test
    void thePathIsNormalised() {
        assertEquals("/admin", AdminRoutes.normalise("/admin/"));
        assertEquals("/ops/admin", AdminRoutes.normalise("ops/admin//"));
        assertEquals("/apiary", AdminRoutes.normalise("/apiary"));
    }

    @Test
    void aPathShadowingGatewayRoutesIsRefused() {
        for (String path : new String[]{"/", "", "/api", "/api/admin", "/connection", "/q/admin", "/dev"}) {
            assertThrows(IllegalArgumentException.class, () -> AdminRoutes.normalise(path), path);
        }
    }
}
