package dev.tributary.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of an API key: {@code tbk_<id>_<secret>}. The fixed prefix lets secret scanners spot a leaked key; the id
 * (12 characters) finds the key without revealing anything; the secret is 256 random bits, kept by the node only as
 * its SHA-256 (a slow password hash adds nothing against 256 bits of entropy, and would cost every request).
 */
public record ApiKeyToken(String id, String secret) {
    public static final String PREFIX = "tbk_";
    private static final Pattern FORM = Pattern.compile("tbk_([a-z2-7]{12})_([A-Za-z0-9_-]{43})");
    private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new key with a fresh id and secret. */
    public static ApiKeyToken generate() {
        char[] id = new char[12];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)];
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new ApiKeyToken(new String(id), Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** The token's parts, if it has the form of a key at all. */
    public static Optional<ApiKeyToken> parse(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(token);
        return m.matches() ? Optional.of(new ApiKeyToken(m.group(1), m.group(2))) : Optional.empty();
    }

    public static boolean looksLikeKey(String token) {
        return token != null && token.startsWith(PREFIX);
    }

    /** A SHA-256 per thread: looking the algorithm up for every request would cost more than the digest. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    });

    /** The SHA-256 of the secret, lower-case hex: what the store keeps. */
    public String secretHash() {
        return HexFormat.of().formatHex(secretDigest());
    }

    /** The SHA-256 of the secret. */
    public byte[] secretDigest() {
        return SHA_256.get().digest(secret.getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether this token's secret is the one {@code storedHash} was made from, compared in constant time. */
    public boolean matches(String storedHash) {
        return matches(HexFormat.of().parseHex(storedHash));
    }

    /** Whether this token's secret has the digest {@code storedDigest}, compared in constant time. */
    public boolean matches(byte[] storedDigest) {
        return MessageDigest.isEqual(secretDigest(), storedDigest);
    }

    /** The whole token; shown once, when the key is made. */
    public String text() {
        return PREFIX + id + "_" + secret;
    }

    /** Never the secret, should a token ever reach a log. */
    @Override
    public String toString() {
        return PREFIX + id + "_***";
    }
}
