package io.pulsegate.engine.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * A Lua script run with EVALSHA, falling back to EVAL once when the server does not know it (after a restart or
 * SCRIPT FLUSH). Arguments are strings or byte arrays.
 */
final class Script {

    private final String source;
    private final String sha;

    Script(String source) {
        this.source = source;
        this.sha = sha1(source);
    }

    /** Runs the script; fails with a timeout when Redis does not answer within {@code timeout}. */
    Uni<Response> run(Redis redis, java.time.Duration timeout, List<String> keys, Object... args) {
        return send(redis, Command.EVALSHA, sha, keys, args).onFailure(Script::noScript)
                .recoverWithUni(failure -> send(redis, Command.EVAL, source, keys, args))
                .ifNoItem().after(timeout).failWith(() -> new java.util.concurrent.TimeoutException(
                        "redis did not answer within " + timeout.toMillis() + "ms"));
    }

    private static Uni<Response> send(Redis redis, Command command, String script, List<String> keys,
            Object[] args) {
        Request request = Request.cmd(command).arg(script).arg(keys.size());
        keys.forEach(request::arg);
        for (Object arg : args) {
            if (arg instanceof byte[] bytes) {
                request.arg(Buffer.buffer(bytes));
            } else {
                request.arg(String.valueOf(arg));
            }
        }
        return Uni.createFrom().completionStage(() -> redis.send(request).toCompletionStage());
    }

    private static boolean noScript(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
    }

    private static String sha1(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
