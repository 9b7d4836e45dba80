package dev.tributary.it;

import java.io.IOException;
import java.net.URI;
import java.util.Random;

/**
 * A producer thread of the crash test: sends requests in a loop until told to stop. A request that gets no answer
 * (the node was killed, or is restarting) is sent again, unchanged, once the node is up: the client side of
 * at-least-once, which the node's deduplication turns into exactly-once storage. Only 2xx answers are
 * acknowledgements; 4xx answers are violations; 5xx answers are retried.
 *
 * <p>Each producer owns its state; the {@link Ledger} is shared.
 */
abstract class Producer implements Runnable {
    /** One request: built against the node's current address. */
    interface Request {
        Http.Answer send(URI base) throws IOException, InterruptedException;
    }

    private static final long GIVE_UP_MILLIS = 90_000;

    protected final LiveNode node;
    protected final Ledger ledger;
    protected final Random random;
    protected final String bus;
    private volatile boolean stopping;
    private Throwable died;

    Producer(LiveNode node, Ledger ledger, String bus, long seed) {
        this.node = node;
        this.ledger = ledger;
        this.bus = bus;
        this.random = new Random(seed);
    }

    /** Sends one unit of work (a new request, or a deliberate re-send) and records its outcome. */
    protected abstract void step() throws IOException, InterruptedException;

    void stop() {
        stopping = true;
    }

    Throwable died() {
        return died;
    }

    @Override
    public final void run() {
        try {
            while (!stopping) {
                step();
            }
        } catch (Throwable t) {
            died = t;
            ledger.violation(getClass().getSimpleName() + " died: " + t);
        }
    }

    /** Sends until a 2xx or 4xx answer; null when the node stayed unreachable for 90 s. */
    protected Http.Answer sendUntilAnswered(String what, Request request) throws InterruptedException {
        long deadline = System.currentTimeMillis() + GIVE_UP_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            URI base = node.await(deadline - System.currentTimeMillis());
            if (base == null) {
                break;
            }
            ledger.requests.incrementAndGet();
            try {
                Http.Answer answer = request.send(base);
                if (answer.status() / 100 != 5) {
                    if (!answer.ok()) {
                        ledger.violation(what + " answered " + answer.status() + ": " + answer.text());
                    }
                    return answer;
                }
                ledger.failedRequests.incrementAndGet();
                // A 5xx from a live node: back off a little rather than spin.
                Thread.sleep(20);
            } catch (IOException e) {
                // No answer: the node died under the request, or is not listening yet. Retry once it is up.
                ledger.failedRequests.incrementAndGet();
                if (node.await(0) == base) {
                    Thread.sleep(5);
                }
            }
        }
        ledger.violation(what + ": no answer for " + GIVE_UP_MILLIS / 1000 + " s");
        return null;
    }
}
