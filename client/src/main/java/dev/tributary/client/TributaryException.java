package dev.tributary.client;

import java.time.Duration;
import java.util.Optional;

/**
 * The node refused a request: any answer outside 2xx, with the problem document it sent. {@link #kind()} tells the
 * refusals a caller acts on apart without reading messages. A refused request changed nothing, except a 503
 * {@code partially-stored}, whose {@code results} member says per event of the batch where it was stored or why not.
 */
public final class TributaryException extends RuntimeException {
    /** What kind of refusal, by HTTP status. */
    public enum Kind {
        /** 400: the request is invalid; {@link Problem#field()} names the field. */
        BAD_REQUEST,
        /** 401: no valid credential; send a token (an API key or a JWT) or a mapped client certificate. */
        UNAUTHORIZED,
        /** 403: the credential lacks the scope the route needs, named in the {@code scope} member. */
        FORBIDDEN,
        /** 404: the bus (or other resource) does not exist. */
        NOT_FOUND,
        /** 409: a conflict with the current state: a wrong expected version, a name taken, a limit reached. */
        CONFLICT,
        /** 410: the events asked for are no longer stored; {@code earliestOffset} says where the partition starts. */
        GONE,
        /** 412: the resource changed since the revision the request named. */
        PRECONDITION_FAILED,
        /** 413: the request is larger than the node accepts. */
        TOO_LARGE,
        /** 429: over the credential's rate, or too many failed authentications; see {@link #retryAfter()}. */
        RATE_LIMITED,
        /** 503: the node cannot take it now (storage unavailable, overloaded); see {@link #retryAfter()}. */
        UNAVAILABLE,
        /** Another 4xx. */
        CLIENT_ERROR,
        /** Another 5xx. */
        SERVER_ERROR,
        /** A status outside 4xx and 5xx that the client does not follow, such as a redirect. */
        UNEXPECTED;

        static Kind of(int status) {
            return switch (status) {
                case 400 -> BAD_REQUEST;
                case 401 -> UNAUTHORIZED;
                case 403 -> FORBIDDEN;
                case 404 -> NOT_FOUND;
                case 409 -> CONFLICT;
                case 410 -> GONE;
                case 412 -> PRECONDITION_FAILED;
                case 413 -> TOO_LARGE;
                case 429 -> RATE_LIMITED;
                case 503 -> UNAVAILABLE;
                default -> status >= 500 && status <= 599 ? SERVER_ERROR
                        : status >= 400 && status <= 499 ? CLIENT_ERROR : UNEXPECTED;
            };
        }
    }

    private final Problem problem;
    private final Kind kind;
    private final Duration retryAfter;

    /**
     * A refusal as the client makes it from an answer; public so that a fake of the client in a test can throw the
     * same exception.
     *
     * @param request what was asked, as {@code METHOD url}, for the message
     * @param problem the answer's problem document
     * @param retryAfter the answer's {@code Retry-After}, or {@code null}
     */
    public TributaryException(String request, Problem problem, Duration retryAfter) {
        super(request + " answered " + problem.status() + " " + problem.typeName() + ": " + problem.detail()
                + problem.field().map(f -> " (field " + f + ")").orElse(""));
        this.problem = problem;
        this.kind = Kind.of(problem.status());
        this.retryAfter = retryAfter;
    }

    /** What kind of refusal it is: the thing to branch on. */
    public Kind kind() {
        return kind;
    }

    /** The answer's HTTP status. */
    public int status() {
        return problem.status();
    }

    /** The whole problem document, extension members included. */
    public Problem problem() {
        return problem;
    }

    /** The problem type URI; see {@link Problem#typeName()} for its short name. */
    public String type() {
        return problem.type();
    }

    /** What went wrong with this request, in the node's words. */
    public String detail() {
        return problem.detail();
    }

    /** The request field at fault, if the node named one. */
    public Optional<String> field() {
        return problem.field();
    }

    /** How long the node asked the caller to wait before trying again, if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
