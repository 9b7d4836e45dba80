package dev.tributary.server.hooks;

/**
 * Carries a refused {@link Verification} out of the helpers that read and check headers, so that a verifier reads
 * as the scheme's steps in order. Caught by {@link SignatureVerifier#verify}; never escapes the package. No stack
 * trace: it is an answer, not a fault.
 */
final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Verification verification;

    Refusal(Verification verification) {
        super(verification.reason(), null, false, false);
        this.verification = verification;
    }

    Verification verification() {
        return verification;
    }
}
