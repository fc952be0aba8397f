package io.pulsegate.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.vertx.core.buffer.Buffer;

/**
 * The admin UI's static files, read once from the classpath folder {@code admin-ui/} (outside
 * {@code META-INF/resources}, so Quarkus does not publish them: they exist only while the admin UI is on). A fixed
 * list, no directory listing, no path resolution. Thread-safe after construction.
 */
final class AdminAssets {

    /** A file's bytes and content type. */
    record Asset(Buffer body, String contentType) {}

    static final String[] FILES = {"index.html", "admin.js", "admin.css", "uPlot.iife.min.js", "uPlot.min.css",
            "uPlot-LICENSE.txt"};

    private final Map<String, Asset> assets = new HashMap<>();

    AdminAssets() {
        for (String file : FILES) {
            assets.put(file, new Asset(Buffer.buffer(read("admin-ui/" + file)), typeOf(file)));
        }
    }

    Optional<Asset> get(String file) {
        return Optional.ofNullable(assets.get(file));
    }

    private static byte[] read(String resource) {
        try (InputStream in = AdminAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing admin UI resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String typeOf(String file) {
        if (file.endsWith(".html")) {
            return "text/html; charset=utf-8";
        } else if (file.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        } else if (file.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return "text/plain; charset=utf-8";
    }
}
