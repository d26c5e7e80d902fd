package dev.dendrite.recommend;

import java.util.Arrays;

/**
 * The k highest of a score array, best first, skipping excluded positions:
 * one pass with a small min-heap, so ranking 10^5 items for one user costs one
 * sweep. Equal scores keep the lower index first.
 */
public final class TopK {
    private TopK() {
    }

    /** Indices of the {@code k} highest scores, best first; {@code excluded} (sorted) never appear. */
    public static int[] select(float[] scores, int k, int[] excluded) {
        int m = Math.min(k, scores.length);
        int[] heap = new int[m]; // min-heap on (score, -index): the root is the weakest kept
        int size = 0;
        for (int i = 0; i < scores.length; i++) {
            if (excluded != null && excluded.length > 0 && Arrays.binarySearch(excluded, i) >= 0) {
                continue;
            }
            if (size < m) {
                heap[size] = i;
                up(heap, size++, scores);
            } else if (m > 0 && better(i, heap[0], scores)) {
                heap[0] = i;
                down(heap, size, scores);
            }
        }
        int[] out = Arrays.copyOf(heap, size);
        Integer[] boxed = Arrays.stream(out).boxed().toArray(Integer[]::new);
        Arrays.sort(boxed, (a, b) -> better(a, b, scores) ? -1 : better(b, a, scores) ? 1 : 0);
        for (int j = 0; j < size; j++) {
            out[j] = boxed[j];
        }
        return out;
    }

    private static boolean better(int a, int b, float[] s) {
        return s[a] > s[b] || (s[a] == s[b] && a < b);
    }

    private static void up(int[] h, int i, float[] s) {
        while (i > 0) {
            int p = (i - 1) / 2;
            if (!better(h[p], h[i], s)) {
                break;
            }
            int t = h[p];
            h[p] = h[i];
            h[i] = t;
            i = p;
        }
    }

    private static void down(int[] h, int size, float[] s) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int w = i;
            if (l < size && better(h[w], h[l], s)) {
                w = l;
            }
            if (r < size && better(h[w], h[r], s)) {
                w = r;
            }
            if (w == i) {
                return;
            }
            int t = h[w];
            h[w] = h[i];
            h[i] = t;
            i = w;
        }
    }
}
