package dev.tributary.log.internal;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The strings and URIs a decoding thread made most recently, found again by their UTF-8 bytes: attribute names,
 * {@code source}, {@code type}, {@code datacontenttype} repeat from one event to the next, and parsing a URI or
 * building a string per event was most of what a read of a page cost. Values are immutable, so sharing them between
 * events is safe.
 *
 * <p>One per thread ({@link #current()}); not thread-safe. Holds {@value #SLOTS} entries of at most
 * {@value #MAX_BYTES} bytes: a few kilobytes per reading thread.
 */
final class RecentTexts {
    static final int MAX_BYTES = 128;
    private static final int SLOTS = 64;
    private static final ThreadLocal<RecentTexts> PER_THREAD = ThreadLocal.withInitial(RecentTexts::new);

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] texts = new String[SLOTS];
    private final URI[] uris = new URI[SLOTS];

    static RecentTexts current() {
        return PER_THREAD.get();
    }

    /** The string of {@code n} UTF-8 bytes of {@code b} at {@code pos}. */
    String text(ByteBuffer b, int pos, int n) {
        return n > MAX_BYTES ? decode(b, pos, n) : textAt(slot(b, pos, n), b, pos, n);
    }

    /** The URI written as {@code n} UTF-8 bytes of {@code b} at {@code pos}. */
    URI uri(ByteBuffer b, int pos, int n) {
        if (n > MAX_BYTES) {
            return URI.create(decode(b, pos, n));
        }
        int slot = slot(b, pos, n);
        if (uris[slot] == null) {
            uris[slot] = URI.create(textAt(slot, b, pos, n));
        }
        return uris[slot];
    }

    private String textAt(int slot, ByteBuffer b, int pos, int n) {
        if (texts[slot] == null) {
            texts[slot] = decode(b, pos, n);
        }
        return texts[slot];
    }

    /** The slot holding these bytes, taken over for them when it held others. */
    private int slot(ByteBuffer b, int pos, int n) {
        int slot = find(b, pos, n);
        if (slot >= 0) {
            return slot;
        }
        slot = -slot - 1;
        store(slot, b, pos, n);
        return slot;
    }

    /** The slot holding these bytes, or {@code -(slot to use) - 1}. */
    private int find(ByteBuffer b, int pos, int n) {
        if (!b.hasArray()) {
            return -1; // slot 0, taken over: direct buffers are not read here
        }
        byte[] a = b.array();
        int at = b.arrayOffset() + pos;
        // a cheap hash: a wrong guess only costs a decode
        int h = n == 0 ? 0 : n * 31 + a[at] * 17 + a[at + n - 1] * 7 + a[at + (n >> 1)];
        int slot = (h ^ (h >>> 7)) & (SLOTS - 1);
        byte[] key = keys[slot];
        if (key == null || key.length != n || !Arrays.equals(key, 0, n, a, at, at + n)) {
            return -slot - 1;
        }
        return slot;
    }

    private void store(int slot, ByteBuffer b, int pos, int n) {
        byte[] key = keys[slot] != null && keys[slot].length == n ? keys[slot] : new byte[n];
        b.get(pos, key);
        keys[slot] = key;
        texts[slot] = null;
        uris[slot] = null;
    }

    static String decode(ByteBuffer b, int pos, int n) {
        if (b.hasArray()) {
            return new String(b.array(), b.arrayOffset() + pos, n, StandardCharsets.UTF_8);
        }
        byte[] out = new byte[n];
        b.get(pos, out);
        return new String(out, StandardCharsets.UTF_8);
    }
}
