package dev.tributary.server.hooks;

/**
 * A verifier written as its scheme's steps: {@link #check} returns the verdict on the signature, and the shared
 * steps it calls ({@link Signatures}) throw a {@link Refusal} for a missing or malformed header or a stale timestamp.
 */
abstract class SignatureVerifier implements Verifier {
    @Override
    public final Verification verify(HookRequest request) {
        try {
            return check(request);
        } catch (Refusal refusal) {
            return refusal.verification();
        }
    }

    /** The verdict; may throw {@link Refusal}. */
    abstract Verification check(HookRequest request);
}
