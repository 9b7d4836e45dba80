package dev.tributary.client;

import dev.tributary.core.eventstore.EventStoreException;
import dev.tributary.core.eventstore.Subscription;
import dev.tributary.core.eventstore.SubscriptionListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A catch-up subscription over a node's Server-Sent Events follow: one virtual thread reads the messages, hands each
 * event to the listener and remembers its id (the checkpoint); when the connection drops it reconnects with that id
 * as {@code Last-Event-ID}, backing off from 100 ms to 5 s, until closed. A refusal by the node (a bad position, a
 * missing bus, a credential without the scope) ends it with the store's exception.
 *
 * <p>Thread-safe: {@link #close()} from any thread; the listener is called on the subscription's thread only.
 */
final class RemoteSubscription implements Subscription {
    private static final System.Logger LOG = System.getLogger(RemoteSubscription.class.getName());
    private static final long MIN_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final Transport transport;
    private final RequestPath path;
    private final SubscriptionListener listener;
    private final Consumer<RemoteSubscription> onEnd;
    private final UnaryOperator<RuntimeException> translate;
    private volatile long checkpoint;
    private volatile boolean closed;
    private volatile InputStream body;
    private volatile Thread thread;

    RemoteSubscription(Transport transport, RequestPath path, long from, SubscriptionListener listener,
            Consumer<RemoteSubscription> onEnd, UnaryOperator<RuntimeException> translate) {
        this.transport = transport;
        this.path = path;
        this.checkpoint = from;
        this.listener = listener;
        this.onEnd = onEnd;
        this.translate = translate;
    }

    void start() {
        thread = Thread.ofVirtual().name("tributary-remote-subscription").start(this::run);
    }

    @Override
    public long checkpoint() {
        return checkpoint;
    }

    @Override
    public void close() {
        closed = true;
        InputStream in = body;
        if (in != null) {
            try {
                in.close(); // ends the blocking read
            } catch (IOException ignored) {
                // closing a stream that is going away anyway
            }
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt(); // ends a back-off sleep
        }
    }

    private void run() {
        Throwable error = null;
        boolean resumed = false;
        long backoff = MIN_BACKOFF_MILLIS;
        try {
            while (!closed) {
                try {
                    // the first connection starts at the path's position; later ones right after the last event
                    body = transport.events(path, resumed ? Long.toString(checkpoint) : null);
                    if (closed) {
                        body.close();
                        break;
                    }
                    resumed = true;
                    backoff = MIN_BACKOFF_MILLIS;
                    read(body);
                } catch (TributaryConnectionException | IOException | TributaryException e) {
                    if (closed) {
                        break;
                    }
                    if (e instanceof TributaryException t && t.status() < 500) {
                        throw t; // refused: retrying would be refused again
                    }
                    LOG.log(Level.DEBUG, "subscription " + path + ": connection lost (" + e.getMessage()
                            + "); reconnecting from " + checkpoint);
                    Thread.sleep(backoff);
                    backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
                }
            }
        } catch (InterruptedException e) {
            // closed during a back-off
        } catch (TributaryException e) {
            error = translate.apply(e);
        } catch (RuntimeException | Error e) {
            error = e;
        }
        try {
            listener.onClosed(closed ? null : error);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "subscription " + path + ": onClosed threw", e);
        } finally {
            onEnd.accept(this);
        }
    }

    /** Reads messages until the node ends the stream; throws {@link IOException} when the connection drops. */
    private void read(InputStream in) throws IOException {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String id = null;
            String type = null;
            StringBuilder data = new StringBuilder();
            for (String line; (line = lines.readLine()) != null; ) {
                if (closed) {
                    return;
                }
                if (line.isEmpty()) {
                    dispatch(id, type, data.toString());
                    id = null;
                    type = null;
                    data.setLength(0);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    type = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(6));
                }
                // comments (": keep-alive") carry nothing
            }
        }
        if (!closed) {
            throw new IOException("the node ended the stream");
        }
    }

    private void dispatch(String id, String type, String data) {
        if (type == null) {
            return;
        }
        switch (type) {
            case "cloudevent" -> {
                listener.onEvent(RemoteEventStore.recorded(EventPages.envelope(data.getBytes(StandardCharsets.UTF_8))));
                checkpoint = Long.parseLong(id);
            }
            case "caught-up" -> {
                checkpoint = Long.parseLong(id);
                listener.onCaughtUp(checkpoint);
            }
            case "checkpoint" -> {
                checkpoint = Long.parseLong(id);
                listener.onCheckpoint(checkpoint);
            }
            case "error" -> throw new EventStoreException("the node ended the subscription: " + data);
            default -> {} // a message of a later node version
        }
    }
}
