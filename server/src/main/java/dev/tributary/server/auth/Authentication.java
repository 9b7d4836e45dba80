package dev.tributary.server.auth;

import java.util.Optional;

/**
 * The outcome of checking a credential: a principal, or a refusal with a reason for metrics ({@code reason}) and a
 * message for the caller ({@code message}) that never echoes the credential.
 */
public record Authentication(Optional<Principal> principal, String reason, String message) {

    public static Authentication of(Principal principal) {
        return new Authentication(Optional.of(principal), "ok", "");
    }

    public static Authentication refused(String reason, String message) {
        return new Authentication(Optional.empty(), reason, message);
    }

    public boolean succeeded() {
        return principal.isPresent();
    }
}
