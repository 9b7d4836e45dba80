package dev.tributary.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A test client that writes requests byte for byte (framing errors, raw paths, bad escapes that {@code java.net.URI}
 * refuses) and reads one answer from the socket. Not thread-safe: one exchange per instance.
 */
final class RawHttp implements AutoCloseable {
    /** One answer; {@code status} -1 if the connection ended before a status line. */
    record Answer(int status, Map<String, String> headers, String body, boolean closed, boolean timedOut) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * The admin key of each {@link TestNode} by port: a request written whole to one of them carries it, as a client's
     * would, unless it has an Authorization header of its own, so that these tests reach the stages behind the
     * authentication.
     */
    static final Map<Integer, String> TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

    private final Socket socket;
    private final InputStream in;
    private final String token;

    RawHttp(int port, Duration timeout) {
        token = TOKENS.get(port);
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            in = socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code request} on a new connection and reads the answer. */
    static Answer exchange(int port, byte[] request, Duration timeout) {
        try (RawHttp http = new RawHttp(port, timeout)) {
            http.write(request);
            return http.read();
        }
    }

    static Answer exchange(int port, String request) {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), Duration.ofSeconds(10));
    }

    void write(byte[] bytes) {
        try {
            socket.getOutputStream().write(withToken(bytes));
            socket.getOutputStream().flush();
        } catch (IOException e) {
            // the server may close early (and is allowed to); what it answered is still read
        }
    }

    private byte[] withToken(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int headStart = text.indexOf(" HTTP/1.1\r\n");
        if (token == null || headStart < 0 || text.toLowerCase(Locale.ROOT).contains("\r\nauthorization:")) {
            return bytes;
        }
        int at = headStart + " HTTP/1.1\r\n".length();
        return (text.substring(0, at) + "Authorization: Bearer " + token + "\r\n" + text.substring(at))
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    void write(String text) {
        write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Reads one answer: the head, then a body by its content-length or chunks; an event stream's body is not waited
     * for. {@code closed} tells whether the server announced {@code Connection: close} and then closed.
     */
    Answer read() {
        try {
            String head = readHead();
            if (head == null) {
                return new Answer(-1, Map.of(), "", true, false);
            }
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
            String type = headers.getOrDefault("content-type", "");
            if (type.startsWith("text/event-stream")) {
                return new Answer(status, headers, "", false, false);
            }
            String body;
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = readChunks();
            } else {
                int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
                body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
            // only an answer that announces the close is waited on; a kept-alive connection would hold the read
            boolean closed = "close".equalsIgnoreCase(headers.get("connection")) && closedByServer();
            return new Answer(status, headers, body, closed, false);
        } catch (SocketTimeoutException e) {
            return new Answer(-1, Map.of(), "", false, true);
        } catch (IOException e) {
            // a reset before a status line
            return new Answer(-1, Map.of(), String.valueOf(e.getMessage()), true, false);
        }
    }

    /** Reads until {@code text} has arrived (true) or the connection ends or times out (false). */
    boolean readUntil(String text) {
        StringBuilder seen = new StringBuilder();
        try {
            int b;
            while ((b = in.read()) >= 0) {
                seen.append((char) b);
                if (seen.length() >= text.length() && seen.indexOf(text, seen.length() - text.length()) >= 0) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the server has closed the connection (end of stream), waiting at most the socket timeout. */
    boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return head.size() == 0 ? null : head.toString(StandardCharsets.ISO_8859_1);
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1
                    : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
    }

    private String readChunks() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            int size = Integer.parseInt(sizeLine.split(";")[0].strip(), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers
                }
                return body.toString(StandardCharsets.UTF_8);
            }
            body.write(in.readNBytes(size));
            readLine();
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test socket
        }
    }
}
