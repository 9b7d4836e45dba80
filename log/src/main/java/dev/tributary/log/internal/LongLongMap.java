package dev.tributary.log.internal;

import java.util.Arrays;

/**
 * An open-addressing hash map from long to long (linear probing, backward-shift deletion, load ≤ 1/2), holding millions
 * of entries without boxing: 32 to 64 bytes per entry (two longs per slot, a quarter to a half of the slots
 * used).
 *
 * <p>The key {@link Long#MIN_VALUE} is reserved as the empty marker and is silently stored as {@code MIN_VALUE + 1};
 * callers hash their keys and verify hits exactly, so this only adds a (negligible) collision. Values must not be
 * {@code -1}, which {@link #get} returns for "absent".
 *
 * <p>Not thread-safe: one owner (a partition writer) or external locking.
 */
final class LongLongMap {
    static final long ABSENT = -1;
    private static final long EMPTY = Long.MIN_VALUE;

    private long[] keys;
    private long[] values;
    private int size;
    private int mask;

    LongLongMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        allocate(capacity);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new long[capacity];
        Arrays.fill(keys, EMPTY);
        mask = capacity - 1;
    }

    private static long normalize(long key) {
        return key == EMPTY ? EMPTY + 1 : key;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    long get(long key) {
        key = normalize(key);
        for (int i = slot(key); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == EMPTY) {
                return ABSENT;
            }
        }
    }

    /** Puts and returns the previous value, or {@link #ABSENT}. */
    long put(long key, long value) {
        key = normalize(key);
        for (int i = slot(key); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                long old = values[i];
                values[i] = value;
                return old;
            }
            if (k == EMPTY) {
                keys[i] = key;
                values[i] = value;
                if (++size * 2 > keys.length) {
                    rehash();
                }
                return ABSENT;
            }
        }
    }

    /** Removes and returns the value, or {@link #ABSENT}. */
    long remove(long key) {
        key = normalize(key);
        for (int i = slot(key); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == EMPTY) {
                return ABSENT;
            }
            if (k == key) {
                long old = values[i];
                shiftBack(i);
                size--;
                return old;
            }
        }
    }

    // Backward-shift deletion keeps every probe chain unbroken without tombstones, so a map that churns (the dedup
    // window adds and expires continuously) never degrades.
    private void shiftBack(int hole) {
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            long k = keys[i];
            if (k == EMPTY) {
                break;
            }
            int home = slot(k);
            // move k into the hole when its home is not cyclically within (hole, i]
            boolean stays = hole <= i ? (hole < home && home <= i) : (hole < home || home <= i);
            if (!stays) {
                keys[hole] = k;
                values[hole] = values[i];
                hole = i;
            }
        }
        keys[hole] = EMPTY;
    }

    private void rehash() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        allocate(oldKeys.length * 2);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    int size() {
        return size;
    }

    void clear() {
        Arrays.fill(keys, EMPTY);
        size = 0;
    }
}
