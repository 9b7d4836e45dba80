package dev.tributary.server.http;

/** A request parameter or body field is wrong. Answered with 400 naming the field. */
final class BadRequestException extends RuntimeException {
    private final String field;

    BadRequestException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
    }

    String field() {
        return field;
    }
}
