package dev.tributary.server.hooks;

import java.time.Duration;
import java.util.Optional;

/**
 * A verifier's verdict on one request: authentic, or refused with a {@link Failure} (a small fixed set, fit for a
 * metric label) and a reason for logs and problem details. A reason names headers and limits only; it never contains
 * the body, a signature, a token or a secret. Immutable, so thread-safe.
 */
public final class Verification {
    /** Why a request was refused. */
    public enum Failure {
        /** A header the scheme needs is absent. */
        MISSING_HEADER("missing-header"),
        /** A header is present but not in the scheme's syntax (or given twice). */
        MALFORMED_HEADER("malformed-header"),
        /** No signature matches any configured secret. */
        SIGNATURE_MISMATCH("signature-mismatch"),
        /** The signed timestamp is too far from the receive time: a replay, or a badly wrong clock. */
        TIMESTAMP_OUTSIDE_TOLERANCE("timestamp-outside-tolerance"),
        /** The bearer token is none of the configured ones. */
        TOKEN_MISMATCH("token-mismatch"),
        /** The CloudEvents sender's {@code WebHook-Request-Origin} is not among the allowed origins. */
        ORIGIN_NOT_ALLOWED("origin-not-allowed");

        private final String label;

        Failure(String label) {
            this.label = label;
        }

        /** Lower-case, hyphenated: {@code signature-mismatch}. */
        public String label() {
            return label;
        }
    }

    private static final Verification OK = new Verification(null, null, "ok");

    private final Failure failure;
    private final String header;
    private final String reason;

    private Verification(Failure failure, String header, String reason) {
        this.failure = failure;
        this.header = header;
        this.reason = reason;
    }

    public static Verification ok() {
        return OK;
    }

    static Verification missingHeader(String header) {
        return new Verification(Failure.MISSING_HEADER, header, "missing header " + header);
    }

    static Verification malformedHeader(String header, String why) {
        return new Verification(Failure.MALFORMED_HEADER, header, "malformed header " + header + ": " + why);
    }

    static Verification signatureMismatch(String header) {
        return new Verification(Failure.SIGNATURE_MISMATCH, header, "signature does not match");
    }

    static Verification outsideTolerance(String header, Duration tolerance) {
        return new Verification(
                Failure.TIMESTAMP_OUTSIDE_TOLERANCE, header, "timestamp outside tolerance of " + tolerance);
    }

    static Verification tokenMismatch(String where) {
        return new Verification(Failure.TOKEN_MISMATCH, where, "token does not match");
    }

    static Verification originNotAllowed(String header) {
        return new Verification(Failure.ORIGIN_NOT_ALLOWED, header, header + " is not an allowed origin");
    }

    /** Whether the request is authentic. */
    public boolean isOk() {
        return failure == null;
    }

    /** Why it was refused; empty when {@link #isOk()}. */
    public Optional<Failure> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * The header (or query parameter) the refusal is about, as a problem detail's field: {@code X-Hub-Signature-256};
     * {@code null} when {@link #isOk()}.
     */
    public String header() {
        return header;
    }

    /** {@code "ok"}, or e.g. {@code "missing header X-Hub-Signature-256"}, {@code "signature does not match"}. */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return reason;
    }
}
