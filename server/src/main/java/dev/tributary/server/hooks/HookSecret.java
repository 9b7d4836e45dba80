package dev.tributary.server.hooks;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A shared secret as a provider hands it out (GitHub's webhook secret, Stripe's {@code whsec_…} signing secret,
 * Shopify's client secret, Slack's signing secret, a generic HMAC key, a CloudEvents bearer token). Providers use
 * the text's UTF-8 bytes as the HMAC key, undecoded (Stripe's {@code whsec_} prefix included), so that is the key.
 * Standard Webhooks secrets are different (base64 after {@code whsec_}) and use
 * {@link dev.tributary.core.delivery.WebhookSecret}.
 *
 * <p>Immutable, so thread-safe. {@link #toString()} never shows the secret; errors never echo it.
 */
public final class HookSecret {
    /** Longest secret accepted, in characters: far above any provider's, small enough to bound the work per request. */
    public static final int MAX_LENGTH = 1024;

    private final String text;
    private final byte[] key;

    private HookSecret(String text) {
        this.text = text;
        this.key = text.getBytes(UTF_8);
    }

    /**
     * The secret {@code text}.
     *
     * @throws IllegalArgumentException if it is empty, longer than {@value #MAX_LENGTH} characters, or has control
     *     characters or surrounding whitespace (a pasted newline would silently make every signature mismatch)
     */
    public static HookSecret of(String text) {
        Objects.requireNonNull(text, "secret");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("must be at most " + MAX_LENGTH + " characters, was " + text.length());
        }
        if (!text.equals(text.strip())) {
            throw new IllegalArgumentException("must not start or end with whitespace");
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("must not contain control characters");
        }
        return new HookSecret(text);
    }

    /** The secret as configured, for storing it. */
    public String text() {
        return text;
    }

    /** The HMAC key: the text's UTF-8 bytes. The same array every call, not to be changed. */
    byte[] key() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HookSecret other && MessageDigest.isEqual(key, other.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return HookConfig.REDACTED;
    }
}
