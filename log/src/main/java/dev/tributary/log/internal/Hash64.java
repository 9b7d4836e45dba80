package dev.tributary.log.internal;

/**
 * A 64-bit string hash (FNV-1a over UTF-16 units, then a murmur3 finalizer) for dedup keys and stream ids. Stable: it
 * is written to {@code .streamindex} files. Collisions are possible and every user checks the exact value.
 *
 * <p>Stateless and thread-safe.
 */
final class Hash64 {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Hash64() {}

    static long of(String s) {
        return finish(mix(FNV_OFFSET, s));
    }

    /** The hash of {@code a + "\u0000" + b}, without building that string. */
    static long of(String a, String b) {
        long h = mix(FNV_OFFSET, a);
        h = (h ^ 0) * FNV_PRIME;
        return finish(mix(h, b));
    }

    private static long mix(long h, String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            h = (h ^ s.charAt(i)) * FNV_PRIME;
        }
        return h;
    }

    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
