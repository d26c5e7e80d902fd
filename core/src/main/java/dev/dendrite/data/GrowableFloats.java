package dev.dendrite.data;

import java.util.Arrays;

/** An append-only float array that doubles its capacity; readers fill it row by row. */
final class GrowableFloats {
    private float[] data = new float[1024];
    private int size;

    void add(float v) {
        if (size == data.length) {
            grow(size + 1);
        }
        data[size++] = v;
    }

    int size() {
        return size;
    }

    float get(int i) {
        return data[i];
    }

    /** The values, trimmed to size; the buffer must not be used afterwards. */
    float[] toArray() {
        return size == data.length ? data : Arrays.copyOf(data, size);
    }

    private void grow(int min) {
        long cap = Math.max((long) data.length * 2, min);
        if (cap > Integer.MAX_VALUE - 8) {
            if (min > Integer.MAX_VALUE - 8) {
                throw new DataException("too many values for one array (more than 2^31 - 8)");
            }
            cap = Integer.MAX_VALUE - 8;
        }
        data = Arrays.copyOf(data, (int) cap);
    }
}
