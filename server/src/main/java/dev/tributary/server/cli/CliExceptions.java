package dev.tributary.server.cli;

/** The failures a command reports, each with its exit code. */
final class CliExceptions {
    private CliExceptions() {}

    /** The server answered 4xx/5xx (exit 1); the message is the problem's {@code detail}. */
    static final class ServerProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        ServerProblem(int status, String detail) {
            super(detail);
            this.status = status;
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
