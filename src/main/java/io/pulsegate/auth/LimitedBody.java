package io.pulsegate.auth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body but gives up (and cancels the stream) once it exceeds a byte cap, so a
 * hostile or broken key endpoint cannot make the gateway buffer an unbounded body.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final long limit;
    private final long declaredLength;
    private Flow.Subscription subscription;

    private LimitedBody(long limit, long declaredLength) {
        this.limit = limit;
        this.declaredLength = declaredLength;
    }

    /** @return a handler whose bodies fail with an {@link IOException} above {@code limit} bytes */
    static HttpResponse.BodyHandler<byte[]> handler(long limit) {
        return info -> new LimitedBody(limit, info.headers().firstValueAsLong("content-length").orElse(-1));
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (declaredLength > limit) {
            abort();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            if (buffer.size() + (long) item.remaining() > limit) {
                abort();
                return;
            }
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            buffer.writeBytes(chunk);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(buffer.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    private void abort() {
        subscription.cancel();
        result.completeExceptionally(new IOException("response body exceeds " + limit + " bytes"));
    }
}
