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

    public UserItems(int[][] items, int itemCount) {
        this.items = items;
        this.itemCount = itemCount;
    }

    /** The sets of the interactions at {@code positions} of {@code data}. */
    public static UserItems of(Interactions data, int[] positions) {
        int[] count = new int[data.userCount()];
        for (int p : positions) {
            count[data.user(p)]++;
        }
        int[][] lists = new int[count.length][];
        for (int u = 0; u < lists.length; u++) {
            lists[u] = new int[count[u]];
        }
        int[] fill = new int[count.length];
        for (int p : positions) {
            lists[data.user(p)][fill[data.user(p)]++] = data.item(p);
        }
        for (int[] l : lists) {
            Arrays.sort(l);
        }
        return new UserItems(dedupe(lists), data.itemCount());
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
