package io.pulsegate.it;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.centrifugal.centrifuge.Client;
import io.github.centrifugal.centrifuge.ConnectedEvent;
import io.github.centrifugal.centrifuge.DisconnectedEvent;
import io.github.centrifugal.centrifuge.ErrorEvent;
import io.github.centrifugal.centrifuge.EventListener;
import io.github.centrifugal.centrifuge.PublicationEvent;
import io.github.centrifugal.centrifuge.ResultCallback;
import io.github.centrifugal.centrifuge.SubscribedEvent;
import io.github.centrifugal.centrifuge.Subscription;
import io.github.centrifugal.centrifuge.SubscriptionErrorEvent;
import io.github.centrifugal.centrifuge.SubscriptionEventListener;

/**
 * Test adapters around the callback API of centrifuge-java: listeners that queue events for blocking, bounded
 * assertions, callbacks as futures, and the server API over the JDK HTTP client.
 */
final class JavaSdk {

    static final long WAIT_SECONDS = 10;

    private JavaSdk() {
    }

    /** Client-level events, queued. */
    static final class ClientEvents extends EventListener {
        final LinkedBlockingQueue<ConnectedEvent> connected = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<DisconnectedEvent> disconnected = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<ErrorEvent> errors = new LinkedBlockingQueue<>();

        @Override
        public void onConnected(Client client, ConnectedEvent event) {
            connected.add(event);
        }

        @Override
        public void onDisconnected(Client client, DisconnectedEvent event) {
            disconnected.add(event);
        }

        @Override
        public void onError(Client client, ErrorEvent event) {
            errors.add(event);
        }
    }

    /** Subscription events, queued. */
    static final class SubEvents extends SubscriptionEventListener {
        final LinkedBlockingQueue<SubscribedEvent> subscribed = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<PublicationEvent> publications = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<SubscriptionErrorEvent> errors = new LinkedBlockingQueue<>();

        @Override
        public void onSubscribed(Subscription sub, SubscribedEvent event) {
            subscribed.add(event);
        }

        @Override
        public void onPublication(Subscription sub, PublicationEvent event) {
            publications.add(event);
        }

        @Override
        public void onError(Subscription sub, SubscriptionErrorEvent event) {
            errors.add(event);
        }
    }

    /** @return the next element, failing after {@link #WAIT_SECONDS} */
    static <T> T next(LinkedBlockingQueue<T> queue, String what) throws InterruptedException {
        T item = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(item, "timed out waiting for " + what);
        return item;
    }

    /** Runs an SDK call and waits for its callback's result (fails on the callback's error). */
    static <T> T await(java.util.function.Consumer<ResultCallback<T>> call) throws Exception {
        CompletableFuture<T> future = new CompletableFuture<>();
        call.accept((error, result) -> {
            if (error != null) {
                future.completeExceptionally(error);
            } else {
                future.complete(result);
            }
        });
        return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** {@code POST /api/<method>} with the API key; @return the response body */
    static String api(GatewayProcess gateway, String method, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(gateway.httpUrl() + "/api/" + method)).timeout(Duration.ofSeconds(5))
                .header("X-API-Key", CentrifugeJsIT.API_KEY).POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || response.body().contains("\"error\"")) {
            throw new AssertionError("api " + method + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}
