package dev.tributary.server.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import java.time.Duration;

/**
 * Closes a connection that does not complete a request head in time: a new connection within
 * {@code http-header-timeout}, a kept-alive one between requests within {@code http-idle-timeout}. Vert.x's own idle
 * timeout restarts on every byte read, so without this a client trickling a request head a byte at a time
 * (slowloris) holds its connection for ever. Confined to the connection's event loop; not thread-safe.
 *
 * <pre>
 * accepted ──▶ waiting for a head (header-timeout) ──head──▶ in a request ──answered──▶ waiting (idle-timeout) ─┐
 *                      │ time is up: close                         ▲                                          │
 *                      ▼                                           └──────────────────head────────────────────┘
 * </pre>
 */
final class HeadDeadline {
    private final Vertx vertx;
    private final HttpConnection connection;
    private final long keepAliveMillis;
    private long timer = -1;
    private int inRequest;

    HeadDeadline(Vertx vertx, HttpConnection connection, Duration firstHead, Duration keepAlive) {
        this.vertx = vertx;
        this.connection = connection;
        this.keepAliveMillis = keepAlive.toMillis();
        arm(firstHead.toMillis());
    }

    /** A request head has been read completely. */
    void headReceived() {
        inRequest++;
        cancel();
    }

    /** A request has been answered (or its answer abandoned); with none left, the next head is due. */
    void answered() {
        if (inRequest > 0 && --inRequest == 0) {
            arm(keepAliveMillis);
        }
    }

    /** The connection is closed: nothing left to time. */
    void closed() {
        cancel();
    }

    private void arm(long millis) {
        cancel();
        timer = vertx.setTimer(millis, id -> {
            timer = -1;
            connection.close();
        });
    }

    private void cancel() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }
}
