package dev.dendrite.data;

import java.util.Arrays;

/** An append-only int array that doubles its capacity. */
final class GrowableInts {
    private int[] data = new int[256];
    private int size;

    void add(int v) {
        if (size == data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, 16));
        }
        data[size++] = v;
    }

    int size() {
        return size;
    }

    int[] toArray() {
        return Arrays.copyOf(data, size);
    }
}
