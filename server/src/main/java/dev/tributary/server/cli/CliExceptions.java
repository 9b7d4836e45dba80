package dev.tributary.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/** The failures a command reports, each with its exit code. */
final class CliExceptions {
    private CliExceptions() {}

    /**
     * The server answered 4xx/5xx (exit 1); the message is the problem's {@code detail}, {@code problem} the whole
     * problem document (empty when the body was not one) and {@code retryAfterSeconds} its {@code Retry-After}, or -1.
     */
    static final class ServerProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final transient JsonNode problem;
        final int retryAfterSeconds;

        ServerProblem(int status, String detail) {
            this(status, detail, MissingNode.getInstance(), -1);
        }

        ServerProblem(int status, String detail, JsonNode problem, int retryAfterSeconds) {
            super(detail);
            this.status = status;
            this.problem = problem;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        /** The last segment of the problem's {@code type}, such as {@code partially-stored}; empty if none. */
        String type() {
            String type = problem.path("type").asText("");
            return type.substring(type.lastIndexOf('/') + 1);
        }
    }

    /** The server cannot be reached (exit 3); the message names the URL. */
    static final class Unreachable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Bad input found while running (a bad NDJSON line, an invalid attribute): exit 2 without the usage text. */
    static final class BadInput extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadInput(String message) {
            super(message);
        }
    }
}
