package dev.tributary.broker.delivery;

import dev.tributary.core.delivery.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process sink that answers as a test tells it: per event id a script of answers used one per attempt (then the
 * default answer), and optionally holds every answer until the test releases it. Records every delivery it got and the
 * most attempts it had under way at once. Thread-safe.
 */
final class ScriptedSink implements Sink {
    /** What one attempt gets: an HTTP status (with an optional Retry-After and body), or a connection error. */
    record Answer(int status, String retryAfter, String body) {
        static Answer status(int status) {
            return new Answer(status, null, "body of " + status);
        }

        static Answer connectionError() {
            return new Answer(-1, null, "connection refused");
        }

        SendResult toResult() {
            Outcome outcome = status < 0
                    ? Outcome.ofError(Outcome.NetworkError.CONNECTION)
                    : Outcome.of(status, Optional.ofNullable(retryAfter), Instant.now());
            return new SendResult(outcome, Duration.ofMillis(1), Optional.ofNullable(body));
        }
    }

    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();
    private final List<Delivery> received = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<SendResult>> held = new ArrayList<>();
    private final List<Answer> heldAnswers = new ArrayList<>();
    private final AtomicInteger underWay = new AtomicInteger();
    private final AtomicInteger mostUnderWay = new AtomicInteger();
    private volatile Answer byDefault = Answer.status(200);
    private volatile boolean holding;

    /** The answers for the attempts at event {@code eventId}, in order; later attempts get the default. */
    ScriptedSink script(String eventId, Answer... answers) {
        scripts.put(eventId, new ArrayDeque<>(List.of(answers)));
        return this;
    }

    ScriptedSink answerByDefault(Answer answer) {
        byDefault = answer;
        return this;
    }

    /** From now on every answer waits for {@link #releaseAll} (or not). */
    void hold(boolean on) {
        holding = on;
    }

    /** Answers every held attempt; returns how many. */
    int releaseAll() {
        List<CompletableFuture<SendResult>> futures;
        List<Answer> answers;
        synchronized (this) {
            futures = new ArrayList<>(held);
            answers = new ArrayList<>(heldAnswers);
            held.clear();
            heldAnswers.clear();
        }
        for (int i = 0; i < futures.size(); i++) {
            answer(futures.get(i), answers.get(i));
        }
        return futures.size();
    }

    @Override
    public CompletableFuture<SendResult> send(Delivery delivery) {
        received.add(delivery);
        mostUnderWay.accumulateAndGet(underWay.incrementAndGet(), Math::max);
        Answer answer = next(delivery.event().getId());
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        if (holding) {
            synchronized (this) {
                held.add(result);
                heldAnswers.add(answer);
            }
        } else {
            answer(result, answer);
        }
        return result;
    }

    // Counted down before the answer: the dispatcher may start the next attempt from inside complete().
    private void answer(CompletableFuture<SendResult> result, Answer answer) {
        underWay.decrementAndGet();
        result.complete(answer.toResult());
    }

    private Answer next(String eventId) {
        Deque<Answer> script = scripts.get(eventId);
        if (script != null) {
            synchronized (script) {
                Answer answer = script.pollFirst();
                if (answer != null) {
                    return answer;
                }
            }
        }
        return byDefault;
    }

    List<Delivery> received() {
        return List.copyOf(received);
    }

    /** The ids of the events received, in order of arrival, one per attempt. */
    List<String> receivedIds() {
        return received.stream().map(d -> d.event().getId()).toList();
    }

    int mostUnderWay() {
        return mostUnderWay.get();
    }
}
