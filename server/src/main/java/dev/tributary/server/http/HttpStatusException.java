package dev.tributary.server.http;

/** Ends a request with a given status and a problem of the given type. */
final class HttpStatusException extends RuntimeException {
    private final int status;
    private final String type;
    private final String title;

    HttpStatusException(int status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    String title() {
        return title;
    }
}
