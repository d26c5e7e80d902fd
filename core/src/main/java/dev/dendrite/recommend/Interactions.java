package dev.dendrite.recommend;

import java.util.Arrays;

/**
 * User-item interactions: for each one its user and item index, its time and
 * its rating (NaN when the file had none), with the maps from external ids to
 * indices. Implicit feedback reads every interaction as a positive. A pair
 * listed more than once is kept once, at its latest time. Times order each
 * user's history; interactions without a time are ordered as listed, and equal
 * times are ordered by their position in the file, so "the latest" is always
 * one interaction.
 */
public final class Interactions {
    private final IdMap users;
    private final IdMap items;
    private final int[] user;
    private final int[] item;
    private final double[] time;
    private final float[] rating;

    public Interactions(IdMap users, IdMap items, int[] user, int[] item, double[] time, float[] rating) {
        if (user.length != item.length || time.length != user.length || rating.length != user.length) {
            throw new IllegalArgumentException("interactions: arrays differ in length");
        }
        this.users = users;
        this.items = items;
        this.user = user;
        this.item = item;
        this.time = time;
        this.rating = rating;
    }

    /** Interactions given as index pairs, in time order, over {@code users} x {@code items} unnamed ids. */
    public static Interactions ofPairs(int users, int items, int[] user, int[] item) {
        IdMap u = new IdMap();
        IdMap i = new IdMap();
        for (int k = 0; k < users; k++) {
            u.add(Integer.toString(k));
        }
        for (int k = 0; k < items; k++) {
            i.add(Integer.toString(k));
        }
        double[] t = new double[user.length];
        for (int k = 0; k < t.length; k++) {
            t[k] = k;
        }
        float[] r = new float[user.length];
        Arrays.fill(r, Float.NaN);
        return new Interactions(u, i, user.clone(), item.clone(), t, r);
    }

    public IdMap users() {
        return users;
    }

    public IdMap items() {
        return items;
    }

    public int size() {
        return user.length;
    }

    public int userCount() {
        return users.size();
    }

    public int itemCount() {
        return items.size();
    }

    public int user(int k) {
        return user[k];
    }

    public int item(int k) {
        return item[k];
    }

    public double time(int k) {
        return time[k];
    }

    public float rating(int k) {
        return rating[k];
    }

    /**
     * Each user's interactions as positions into this set, oldest first; equal
     * times keep their order here (the file's order).
     */
    public int[][] byUser() {
        int[] count = new int[userCount()];
        for (int u : user) {
            count[u]++;
        }
        int[][] out = new int[count.length][];
        for (int u = 0; u < count.length; u++) {
            out[u] = new int[count[u]];
        }
        int[] fill = new int[count.length];
        for (int k = 0; k < user.length; k++) {
            out[user[k]][fill[user[k]]++] = k;
        }
        for (int[] list : out) {
            // a stable sort by time: boxed so that equal times keep the file's order
            Integer[] boxed = Arrays.stream(list).boxed().toArray(Integer[]::new);
            Arrays.sort(boxed, (a, b) -> Double.compare(time[a], time[b]));
            for (int j = 0; j < list.length; j++) {
                list[j] = boxed[j];
            }
        }
        return out;
    }
}
