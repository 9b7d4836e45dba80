package dev.tributary.server.hooks;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The one place where the package compares a received credential with an expected one. {@link MessageDigest#isEqual}
 * takes time that depends on the lengths only, never on where the first differing byte is, so that an attacker
 * cannot find a valid signature byte by byte from response times. Stateless.
 */
final class ConstantTime {
    private ConstantTime() {}

    /** Whether {@code received} is {@code expected}, in time independent of their contents. */
    static boolean equal(byte[] expected, byte[] received) {
        return MessageDigest.isEqual(expected, received);
    }

    /** Whether any of {@code received} is {@code expected}; each candidate compared in constant time. */
    static boolean anyEqual(byte[] expected, List<byte[]> received) {
        boolean found = false;
        for (byte[] candidate : received) {
            // No early exit: the time taken does not tell which candidate matched.
            found |= equal(expected, candidate);
        }
        return found;
    }

    /**
     * SHA-256 of a token: comparing digests, which all have 32 bytes, hides the configured token's length too (a plain
     * {@link MessageDigest#isEqual} on tokens of different lengths would take time that depends on it).
     */
    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
