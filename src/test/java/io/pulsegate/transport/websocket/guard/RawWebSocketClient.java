package io.pulsegate.transport.websocket.guard;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Byte-level WebSocket client over a plain {@link Socket}: writes the handshake and arbitrary (also invalid) frames
 * exactly as given, and reads frames back, so tests can send the byte sequences of hardening.md section 4 and read the
 * real close code from the wire.
 */
final class RawWebSocketClient implements AutoCloseable {

    static final int OP_CONT = 0x0, OP_TEXT = 0x1, OP_BINARY = 0x2, OP_CLOSE = 0x8, OP_PING = 0x9, OP_PONG = 0xA;
    /** Close code the tests report when TCP ended without a close frame (as browsers do). */
    static final int NO_CLOSE_FRAME = 1006;
    static final String VALID_KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    /** A frame read from the server. */
    record Frame(boolean fin, int rsv, int opcode, byte[] payload) {
        int closeCode() {
            return payload.length >= 2 ? (payload[0] & 0xFF) << 8 | payload[1] & 0xFF : 1005;
        }
    }

    /** Status line and headers (names lower-cased) of the handshake response. */
    record Response(int status, Map<String, String> headers) {}

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawWebSocketClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Opens a connection and completes a standard handshake on {@code /test/echo}; fails if not 101. */
    static RawWebSocketClient open(int port, String extensions) throws IOException {
        return open(port, "/test/echo", extensions);
    }

    /** Opens a connection and completes a standard handshake on {@code path}; fails if not 101. */
    static RawWebSocketClient open(int port, String path, String extensions) throws IOException {
        RawWebSocketClient client = new RawWebSocketClient(port);
        Response response = client.handshake(request(port, path, "HTTP/1.1", "13", VALID_KEY, extensions));
        if (response.status() != 101) {
            client.close();
            throw new IOException("handshake failed: " + response);
        }
        return client;
    }

    /** Builds a handshake request; null arguments leave the header out. */
    static String request(int port, String httpVersion, String version, String key, String extensions) {
        return request(port, "/test/echo", httpVersion, version, key, extensions);
    }

    private static String request(int port, String path, String httpVersion, String version, String key,
            String extensions) {
        StringBuilder sb = new StringBuilder("GET ").append(path).append(' ').append(httpVersion).append("\r\n");
        sb.append("Host: 127.0.0.1:").append(port).append("\r\n");
        sb.append("Upgrade: websocket\r\nConnection: Upgrade\r\n");
        if (version != null) {
            sb.append("Sec-WebSocket-Version: ").append(version).append("\r\n");
        }
        if (key != null) {
            sb.append("Sec-WebSocket-Key: ").append(key).append("\r\n");
        }
        if (extensions != null) {
            sb.append("Sec-WebSocket-Extensions: ").append(extensions).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    /** Sends a raw handshake request and parses the response head. */
    Response handshake(String request) throws IOException {
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String statusLine = readLine();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed during handshake");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Sends one masked frame with minimal length encoding. */
    void send(boolean fin, int rsv, int opcode, byte[] payload) throws IOException {
        sendRaw(frame(fin, rsv, opcode, payload));
    }

    /** One masked frame with minimal length encoding, to send several in one write. */
    static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | rsv << 4 | opcode);
        int len = payload.length;
        if (len < 126) {
            frame.write(0x80 | len);
        } else if (len < 65536) {
            frame.write(0x80 | 126);
            frame.write(len >>> 8);
            frame.write(len);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) len >>> shift));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask, 0, 4);
        for (int i = 0; i < len; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        return frame.toByteArray();
    }

    /** Writes bytes exactly as given (for unmasked or malformed headers). */
    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads the next frame; null if the server closed TCP. */
    Frame read() throws IOException {
        int b0;
        try {
            b0 = in.read();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no frame from server within the timeout", e);
        } catch (IOException reset) {
            return null;
        }
        if (b0 < 0) {
            return null;
        }
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7F;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        return new Frame((b0 & 0x80) != 0, (b0 >> 4) & 7, b0 & 0x0F, payload);
    }

    /** Reads until a close frame arrives (skipping echoes/pongs) and returns its code, or 1006 on a bare TCP close. */
    int awaitCloseCode() throws IOException {
        for (Frame frame = read(); frame != null; frame = read()) {
            if (frame.opcode() == OP_CLOSE) {
                return frame.closeCode();
            }
        }
        return NO_CLOSE_FRAME;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
