package dev.tributary.core.delivery;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;

/**
 * A symmetric Standard Webhooks signing secret: 24 to 64 random bytes, written {@code whsec_<base64>} (Standard
 * Webhooks 1.0.0, "Signature scheme"; https://www.standardwebhooks.com/).
 *
 * <p>Immutable, so thread-safe. {@link #toString()} never shows the key; {@link #encoded()} does, for storing it and
 * for showing it once to the endpoint's owner. Errors never echo the secret either.
 */
public final class WebhookSecret {
    /** The prefix that marks a symmetric Standard Webhooks secret. */
    public static final String PREFIX = "whsec_";
    /** Bytes in a generated secret, as the reference libraries and Svix generate them. */
    public static final int GENERATED_BYTES = 24;

    private static final int MIN_BYTES = 24;
    private static final int MAX_BYTES = 64;

    private final byte[] key;
    private final SecretKeySpec spec;

    private WebhookSecret(byte[] key) {
        this.key = key;
        this.spec = new SecretKeySpec(key, WebhookSigner.HMAC);
    }

    /** A new secret of {@value #GENERATED_BYTES} bytes from {@code random}. */
    public static WebhookSecret generate(SecureRandom random) {
        byte[] key = new byte[GENERATED_BYTES];
        random.nextBytes(key);
        return new WebhookSecret(key);
    }

    /**
     * Reads {@code whsec_<base64>} (standard alphabet, padding optional).
     *
     * @throws IllegalArgumentException if the prefix is missing, the rest is not base64, or it does not decode to 24 to
     *     64 bytes; the message names the problem, never the secret
     */
    public static WebhookSecret parse(String text) {
        Objects.requireNonNull(text, "webhook secret");
        if (!text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("webhook secret must start with " + PREFIX);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook secret must be base64 (A-Z a-z 0-9 + /) after " + PREFIX);
        }
        if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
            throw new IllegalArgumentException(
                    "webhook secret must decode to " + MIN_BYTES + " to " + MAX_BYTES + " bytes, was " + key.length);
        }
        return new WebhookSecret(key);
    }

    /** The secret as {@code whsec_<base64>}, the form {@link #parse(String)} reads. */
    public String encoded() {
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The HMAC-SHA256 key. */
    SecretKeySpec spec() {
        return spec;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebhookSecret other && MessageDigest.isEqual(key, other.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    /** {@code whsec_…} with the key left out, so that a secret never lands in a log. */
    @Override
    public String toString() {
        return PREFIX + "…(" + key.length + " bytes)";
    }
}
