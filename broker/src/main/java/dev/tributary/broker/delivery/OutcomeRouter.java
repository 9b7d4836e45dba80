package dev.tributary.broker.delivery;

import dev.tributary.broker.store.Retry;
import dev.tributary.broker.store.RetryQueue;
import dev.tributary.broker.store.SubscriptionNotFoundException;
import dev.tributary.broker.subscription.DeliveryPolicy;
import dev.tributary.core.delivery.Outcome;
import io.cloudevents.CloudEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;

/**
 * Decides what follows an attempt and makes it durable before the event counts as done:
 *
 * <pre>
 * outcome                          then                                          done when
 * DELIVERED                        -                                             at once (a retry: removed, its
 *                                                                                key handed on to the next parked)
 * RETRY, limits allow another      schedule the next attempt (back-off, jitter)  the schedule is durable
 * RETRY, limits exhausted          dead letter "exhausted"                       the dead letter is durable
 * REJECTED / REDIRECT_REFUSED /    dead letter "rejected" / "redirect-refused"   the dead letter is durable
 *   REFUSED / UNSENDABLE             / "refused" / "transform-failed"
 * GONE (410)                       pause the subscription, stop the dispatcher   never: redelivered after resume
 * </pre>
 *
 * "Done" completes the offset in the partition's {@link OffsetTracker} for a fresh event, or removes the scheduled
 * retry. A store or bus failure is logged and the step tried again after a growing pause (the attempt keeps its
 * in-flight permit meanwhile: back-pressure), until it works or the dispatcher is closed; then the event is simply not
 * done, and is delivered again later (at least once). Every attempt goes to the attempt log and the circuit breaker.
 * Called on handler threads, concurrently. Thread-safe.
 */
final class OutcomeRouter {
    private static final System.Logger LOG = System.getLogger(OutcomeRouter.class.getName());
    private static final long FIRST_PAUSE = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long LONGEST_PAUSE = TimeUnit.SECONDS.toNanos(10);

    private final SubscriptionDispatcher dispatcher;
    private final String subscriptionId;
    private final DeliveryPolicy policy;
    private final RetryQueue retries;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final DoubleSupplier random;
    private final DeliveryListener listener;

    OutcomeRouter(SubscriptionDispatcher dispatcher, DeliveryPolicy policy, RetryQueue retries,
            DeadLetters deadLetters, Clock clock, DoubleSupplier random, DeliveryListener listener) {
        this.dispatcher = dispatcher;
        this.subscriptionId = dispatcher.id();
        this.policy = policy;
        this.retries = retries;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.random = random;
        this.listener = listener;
    }

    /**
     * Whether handling {@code a} may write to the store (see the table): all but a fresh event delivered, which only
     * completes its offset in memory. The dispatcher handles the others on the thread the answer came on.
     */
    static boolean writesToStore(Attempted a) {
        return a.outcome().kind() != Outcome.Kind.DELIVERED || !a.fresh();
    }

    void handle(Attempted a) {
        recordAttempt(a);
        Outcome.Kind kind = a.outcome().kind();
        dispatcher.breaker().record(kind != Outcome.Kind.RETRY, a.outcome().retryAfter());
        if (kind == Outcome.Kind.DELIVERED) {
            listener.delivered(subscriptionId, a.duration().toNanos());
        } else {
            listener.failed(subscriptionId, kind);
        }
        switch (kind) {
            case DELIVERED -> done(a);
            case RETRY -> retryOrGiveUp(a);
            case GONE -> dispatcher.gone();
            case REJECTED -> deadLetter(a, "rejected");
            case REDIRECT_REFUSED -> deadLetter(a, "redirect-refused");
            case REFUSED -> deadLetter(a, "refused");
            case UNSENDABLE -> deadLetter(a, "transform-failed");
        }
    }

    /**
     * The attempt log is a record of what happened, not a step of delivery: an attempt it cannot take (one it finds
     * invalid) is logged and skipped, so that the event still goes on to be done (DESIGN.md principle 6). Before, such
     * an event was handled again after every restart and failed again, and the subscription never committed past it.
     */
    private void recordAttempt(Attempted a) {
        try {
            dispatcher.committer().record(a.toAttempt(subscriptionId));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "subscription '" + subscriptionId + "': the attempt at partition "
                    + a.partition() + " offset " + a.offset() + " is not in the attempt log: " + e.getMessage());
        }
    }

    private void retryOrGiveUp(Attempted a) {
        CloudEvent event = a.stored().event();
        DeliveryPolicy.Retry retry = policy.retryFor(event);
        Instant now = clock.instant();
        Duration delay =
                Outcome.nextDelay(a.outcome(), retry.backoff(), a.attempt(), random.getAsDouble(), policy.maxRetryAfter());
        Duration sinceFirst = Duration.between(a.firstAttemptAt(), now);
        if (!retry.limits().allowsAnother(a.attempt(), sinceFirst.isNegative() ? Duration.ZERO : sinceFirst, delay)) {
            deadLetter(a, "exhausted");
            return;
        }
        Retry next = new Retry(subscriptionId, a.partition(), a.offset(), event.getId(), event.getSource().toString(),
                Attempted.keyOf(a.stored()), policy.priorityOf(event), a.attempt(), a.firstAttemptAt(),
                now.plus(delay), a.status(), a.error());
        if (persist("schedule a retry", a, () -> retries.schedule(next))) {
            dispatcher.keys().retryScheduled(a.partition(), next.key());
            listener.retried(subscriptionId);
            dispatcher.retryLoop().wake(next.dueAt());
            if (a.fresh()) {
                complete(a);
            }
        }
    }

    private void deadLetter(Attempted a, String reason) {
        DeadLetters.Cause cause =
                new DeadLetters.Cause(reason, a.status(), a.error(), a.attempt(), a.firstAttemptAt(), a.startedAt(),
                        a.partition(), a.offset());
        if (persist("publish a dead letter", a, () -> deadLetters.publish(a.stored().event(), subscriptionId, cause))) {
            listener.deadLettered(subscriptionId, reason);
            done(a);
        }
    }

    private void done(Attempted a) {
        if (a.fresh()) {
            complete(a);
        } else {
            persist("remove a retry", a,
                    () -> dispatcher.keys().retryResolved(a.partition(), a.offset(), a.retry().key()));
        }
    }

    private void complete(Attempted a) {
        dispatcher.completed(a.partition(), a.offset());
    }

    /** Runs {@code step} until it works (true) or the dispatcher is closed or the subscription deleted (false). */
    private boolean persist(String what, Attempted a, Runnable step) {
        long pause = FIRST_PAUSE;
        while (!dispatcher.closed()) {
            try {
                step.run();
                return true;
            } catch (SubscriptionNotFoundException deleted) {
                return false;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "subscription '" + subscriptionId + "': cannot " + what
                        + " for the event at partition " + a.partition() + " offset " + a.offset() + "; trying again in "
                        + pause / 1_000_000 + " ms", e);
                LockSupport.parkNanos(this, pause);
                pause = Math.min(pause * 2, LONGEST_PAUSE);
            }
        }
        return false;
    }
}
