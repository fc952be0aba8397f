package io.pulsegate.transport.stream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * Reads a streaming response line by line on a daemon thread (gunzipping incrementally when the response is gzip),
 * so tests can wait for SSE events or NDJSON lines with a bound and see when each one arrived.
 */
final class EventStream implements AutoCloseable {

    /** One SSE event: its {@code id}, {@code event} name and {@code data}, and when its last line arrived. */
    record Event(String id, String event, String data, long arrivedNanos) {}

    private static final String END = "\u0000end";
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final BlockingQueue<Long> times = new LinkedBlockingQueue<>();
    private final InputStream body;
    final HttpResponse<InputStream> response;

    EventStream(HttpResponse<InputStream> response) throws IOException {
        this.response = response;
        boolean gzip = response.headers().firstValue("Content-Encoding").filter("gzip"::equals).isPresent();
        // GZIPInputStream.available() answers 1 until EOF, which makes InputStreamReader block for more input than the
        // event it already has; report nothing available so each line is handed over as soon as it is decoded
        this.body = gzip ? new java.io.FilterInputStream(new GZIPInputStream(response.body(), 64)) {
            @Override
            public int available() {
                return 0;
            }
        } : response.body();
        Thread reader = new Thread(this::pump, "event-stream");
        reader.setDaemon(true);
        reader.start();
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 64)) {
            for (String line; (line = in.readLine()) != null;) {
                times.add(System.nanoTime());
                lines.add(line);
            }
        } catch (IOException e) {
            // the stream ended or was closed by the test
        }
        times.add(System.nanoTime());
        lines.add(END);
    }

    /** @return the next line, or {@code null} at the end of the stream; fails after 5 s */
    String line() throws InterruptedException {
        String line = lines.poll(5, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("no line within 5 s");
        }
        times.poll();
        return line == END ? null : line;
    }

    /** @return the next SSE event (comment lines skipped), or {@code null} at the end of the stream */
    Event event() throws InterruptedException {
        String id = null;
        String name = null;
        StringBuilder data = null;
        while (true) {
            String line = lines.poll(5, TimeUnit.SECONDS);
            if (line == null) {
                throw new AssertionError("no event within 5 s");
            }
            long at = times.poll();
            if (line == END) {
                return null;
            }
            if (line.isEmpty()) {
                if (data != null) {
                    return new Event(id, name, data.toString(), at);
                }
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            if (line.startsWith("id: ")) {
                id = line.substring(4);
            } else if (line.startsWith("event: ")) {
                name = line.substring(7);
            } else if (line.startsWith("data: ")) {
                data = data == null
                        ? new StringBuilder(line.substring(6))
                        : data.append('\n').append(line.substring(6));
            } else if (line.startsWith("retry: ")) {
                data = new StringBuilder(line);
            }
        }
    }

    /** @return the next non-ping event */
    Event eventSkippingPings() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            Event e = event();
            if (e == null || !e.data().equals("{}")) {
                return e;
            }
        }
        throw new AssertionError("only pings");
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
