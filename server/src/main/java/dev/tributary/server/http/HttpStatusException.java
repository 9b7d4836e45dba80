package dev.tributary.server.http;

/** Ends a request with a given status and a problem of the given type, naming the field at fault if there is one. */
final class HttpStatusException extends RuntimeException {
    private final int status;
    private final String type;
    private final String title;
    private final String field;

    HttpStatusException(int status, String type, String title, String detail) {
        this(status, type, title, null, detail);
    }

    HttpStatusException(int status, String type, String title, String field, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.field = field;
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

    /** The field at fault, or null. */
    String field() {
        return field;
    }
}
