package dev.dendrite.recommend;

import java.util.Arrays;

/**
 * For each user the sorted set of items they interacted with: what negative
 * sampling avoids, what ranking excludes, and what the popularity and item-kNN
 * baselines count. Membership is a binary search.
 */
public final class UserItems {
    private final int[][] items;
    private final int itemCount;
    private final int[][] age;

    public UserItems(int[][] items, int itemCount) {
        this(items, itemCount, null);
    }

    private UserItems(int[][] items, int itemCount, int[][] age) {
        this.items = items;
        this.itemCount = itemCount;
        this.age = age;
    }

    /** The sets of the interactions at {@code positions} of {@code data}. */
    public static UserItems of(Interactions data, int[] positions) {
        int[] count = new int[data.userCount()];
        for (int p : positions) {
            count[data.user(p)]++;
        }
        int[][] byUser = new int[count.length][];
        for (int u = 0; u < byUser.length; u++) {
            byUser[u] = new int[count[u]];
        }
        int[] fill = new int[count.length];
        for (int p : positions) {
            byUser[data.user(p)][fill[data.user(p)]++] = p;
        }
        int[][] lists = new int[count.length][];
        int[][] ages = new int[count.length][];
        for (int u = 0; u < byUser.length; u++) {
            int[] ps = byUser[u];
            // oldest first; equal times keep their order in the data, as in the split
            long[] keyed = new long[ps.length];
            Integer[] order = new Integer[ps.length];
            for (int j = 0; j < ps.length; j++) {
                order[j] = j;
            }
            Arrays.sort(order, (a, b) -> {
                int c = Double.compare(data.time(ps[a]), data.time(ps[b]));
                return c != 0 ? c : Integer.compare(ps[a], ps[b]);
            });
            for (int j = 0; j < ps.length; j++) {
                int age = ps.length - 1 - j;
                keyed[j] = ((long) data.item(ps[order[j]]) << 32) | age;
            }
            Arrays.sort(keyed);
            int[] l = new int[ps.length];
            int[] a = new int[ps.length];
            int n = 0;
            for (long k : keyed) {
                int item = (int) (k >>> 32);
                if (n == 0 || l[n - 1] != item) { // the smallest age of a repeated item comes first
                    l[n] = item;
                    a[n++] = (int) k;
                }
            }
            lists[u] = n == l.length ? l : Arrays.copyOf(l, n);
            ages[u] = n == a.length ? a : Arrays.copyOf(a, n);
        }
        return new UserItems(lists, data.itemCount(), ages);
    }

    /**
     * The user's {@code n} most recent items (fewer if they have fewer), the most
     * recent first; each user's list is computed once from {@link #ages}.
     */
    public int[] recent(int user, int n) {
        if (age == null) {
            throw new IllegalStateException("these interactions were grouped without their times");
        }
        int[] a = age[user];
        int[] l = items[user];
        int m = Math.min(n, l.length);
        int[] out = new int[m];
        java.util.Arrays.fill(out, -1);
        for (int j = 0; j < l.length; j++) {
            if (a[j] < m) {
                out[a[j]] = l[j];
            }
        }
        // ages of repeated items leave gaps: close them, keeping the order
        int k = 0;
        for (int j = 0; j < m; j++) {
            if (out[j] >= 0) {
                out[k++] = out[j];
            }
        }
        if (k < m) {
            // gaps: more repeats than expected; fill from the remaining items by age
            Integer[] order = new Integer[l.length];
            for (int j = 0; j < l.length; j++) {
                order[j] = j;
            }
            java.util.Arrays.sort(order, (x, y) -> Integer.compare(a[x], a[y]));
            k = 0;
            for (int j = 0; j < m; j++) {
                out[k++] = l[order[j]];
            }
        }
        return out;
    }

    /**
     * How recent each of the user's items is, aligned with {@link #items}: 0 for
     * the latest interaction, 1 for the one before, and so on (a repeated item
     * counts at its latest); null when the sets were built without times.
     */
    public int[] ages(int user) {
        return age == null ? null : age[user];
    }

    /** All interactions of {@code data}. */
    public static UserItems of(Interactions data) {
        int[] all = new int[data.size()];
        for (int k = 0; k < all.length; k++) {
            all[k] = k;
        }
        return of(data, all);
    }

    private static int[][] dedupe(int[][] lists) {
        for (int u = 0; u < lists.length; u++) {
            int[] l = lists[u];
            int n = 0;
            for (int j = 0; j < l.length; j++) {
                if (n == 0 || l[j] != l[n - 1]) {
                    l[n++] = l[j];
                }
            }
            lists[u] = n == l.length ? l : Arrays.copyOf(l, n);
        }
        return lists;
    }

    public int userCount() {
        return items.length;
    }

    public int itemCount() {
        return itemCount;
    }

    /** The user's items, sorted; the array is shared, do not change it. */
    public int[] items(int user) {
        return items[user];
    }

    public boolean contains(int user, int item) {
        return Arrays.binarySearch(items[user], item) >= 0;
    }

    /** How many users interacted with each item. */
    public int[] popularity() {
        int[] c = new int[itemCount];
        for (int[] l : items) {
            for (int i : l) {
                c[i]++;
            }
        }
        return c;
    }

    /** The users of each item (the transpose). */
    public int[][] usersByItem() {
        int[] c = popularity();
        int[][] out = new int[itemCount][];
        for (int i = 0; i < itemCount; i++) {
            out[i] = new int[c[i]];
        }
        int[] fill = new int[itemCount];
        for (int u = 0; u < items.length; u++) {
            for (int i : items[u]) {
                out[i][fill[i]++] = u;
            }
        }
        return out;
    }

    /** An item drawn uniformly from those {@code user} never interacted with, or -1 if there is none. */
    public int sampleUnseen(int user, dev.dendrite.tensor.Rng rng) {
        int[] seen = items[user];
        if (seen.length >= itemCount) {
            return -1;
        }
        if (seen.length * 2 < itemCount) {
            while (true) { // rejection: at least half of the draws succeed
                int j = rng.nextInt(itemCount);
                if (Arrays.binarySearch(seen, j) < 0) {
                    return j;
                }
            }
        }
        // a dense user: draw the k-th unseen item directly
        int k = rng.nextInt(itemCount - seen.length);
        int lo = 0;
        for (int s : seen) {
            if (s - lo > k) {
                break;
            }
            k -= s - lo;
            lo = s + 1;
        }
        return lo + k;
    }
}
