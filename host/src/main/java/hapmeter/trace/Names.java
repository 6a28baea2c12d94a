package hapmeter.trace;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Raw symbol names interned by byte range into dense ids. A String is made only the first time a name is seen, so
 * the per-line cost is a hash and one array compare.
 */
final class Names {
    private int[] slots = new int[1 << 12]; // id + 1; 0 = free
    private byte[][] keys = new byte[1 << 11][];
    private int[] hashes = new int[1 << 11];
    private String[] normalized = new String[1 << 11];
    private int size;

    int intern(byte[] b, int start, int end, int hash) {
        int mask = slots.length - 1;
        for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
            int slot = slots[i];
            if (slot == 0) {
                return add(Arrays.copyOfRange(b, start, end), hash, i);
            }
            int id = slot - 1;
            if (hashes[id] == hash && Arrays.equals(keys[id], 0, keys[id].length, b, start, end)) {
                return id;
            }
        }
    }

    /** The name of ID after {@link FunctionNames#normalize}. */
    String normalized(int id) {
        return normalized[id];
    }

    SortedSet<String> collect(BitSet ids) {
        TreeSet<String> out = new TreeSet<>();
        ids.stream().forEach(id -> out.add(normalized[id]));
        return Collections.unmodifiableSortedSet(out);
    }

    private int add(byte[] key, int hash, int slot) {
        int id = size++;
        if (id == keys.length) {
            int n = id * 2;
            keys = Arrays.copyOf(keys, n);
            hashes = Arrays.copyOf(hashes, n);
            normalized = Arrays.copyOf(normalized, n);
        }
        keys[id] = key;
        hashes[id] = hash;
        normalized[id] = FunctionNames.normalize(new String(key, StandardCharsets.ISO_8859_1));
        slots[slot] = id + 1;
        if (size * 2 > slots.length) {
            rehash();
        }
        return id;
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        int mask = slots.length - 1;
        for (int id = 0; id < size; id++) {
            int i = spread(hashes[id]) & mask;
            while (slots[i] != 0) {
                i = (i + 1) & mask;
            }
            slots[i] = id + 1;
        }
    }

    private static int spread(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
