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

    /**
     * The sets of the interactions at {@code positions} of {@code data}, with
     * each item's age among them in the split's time order
     * ({@link Interactions#byUser}: ties in file order).
     */
    public static UserItems of(Interactions data, int[] positions) {
        boolean[] kept = new boolean[data.size()];
        for (int p : positions) {
            kept[p] = true;
        }
        int[][] byTime = data.byUser();
        int[][] lists = new int[byTime.length][];
        int[][] ages = new int[byTime.length][];
        for (int u = 0; u < byTime.length; u++) {
            // item << 32 | age, walking from the latest back: sorted, a repeated item's latest comes first
            long[] keyed = new long[byTime[u].length];
            int n = 0;
            for (int j = byTime[u].length - 1; j >= 0; j--) {
                int p = byTime[u][j];
                if (kept[p]) {
                    keyed[n] = ((long) data.item(p) << 32) | n;
                    n++;
                }
            }
            Arrays.sort(keyed, 0, n);
            int[] l = new int[n];
            int[] a = new int[n];
            int m = 0;
            for (int j = 0; j < n; j++) {
                int item = (int) (keyed[j] >>> 32);
                if (m == 0 || l[m - 1] != item) {
                    l[m] = item;
                    a[m++] = (int) keyed[j];
                }
            }
            lists[u] = m == n ? l : Arrays.copyOf(l, m);
            ages[u] = m == n ? a : Arrays.copyOf(a, m);
        }
        return new UserItems(lists, data.itemCount(), ages);
    }

    /**
     * Sets with each item's age ({@link #ages}), as a model file stores them:
     * {@code ages[u]} aligned with {@code items[u]}, distinct and not negative
     * (a repeated interaction leaves a gap), each list's items sorted and distinct.
     */
    public static UserItems withAges(int[][] items, int itemCount, int[][] ages) {
        if (ages.length != items.length) {
            throw new IllegalArgumentException("ages for " + ages.length + " users, items for " + items.length);
        }
        for (int u = 0; u < items.length; u++) {
            int n = items[u].length;
            if (ages[u].length != n) {
                throw new IllegalArgumentException("user " + u + " has " + n + " items but " + ages[u].length + " ages");
            }
            int[] sorted = ages[u].clone();
            Arrays.sort(sorted);
            for (int j = 0; j < n; j++) {
                if (sorted[j] < 0 || (j > 0 && sorted[j] == sorted[j - 1])) {
                    throw new IllegalArgumentException("the ages of user " + u + " are not distinct numbers >= 0");
                }
            }
        }
        return new UserItems(items, itemCount, ages);
    }

    /**
     * How recent each of the user's items is, aligned with {@link #items}: 0 for
     * the latest interaction, 1 for the one before, and so on (a repeated item
     * counts at its latest); null when the sets were built without times.
     */
    public int[] ages(int user) {
        return age == null ? null : age[user];
    }

    /**
     * The indices into {@link #items} of {@code user}'s items in time order, the
     * oldest first (ages descending); the sets must have been built with times.
     */
    public int[] timeOrder(int user) {
        int[] ages = age[user];
        long[] keyed = new long[ages.length];
        for (int q = 0; q < ages.length; q++) {
            keyed[q] = ((long) (Integer.MAX_VALUE - ages[q]) << 32) | q;
        }
        Arrays.sort(keyed);
        int[] order = new int[ages.length];
        for (int t = 0; t < order.length; t++) {
            order[t] = (int) keyed[t];
        }
        return order;
    }

    /** All interactions of {@code data}. */
    public static UserItems of(Interactions data) {
        int[] all = new int[data.size()];
        for (int k = 0; k < all.length; k++) {
            all[k] = k;
        }
        return of(data, all);
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
