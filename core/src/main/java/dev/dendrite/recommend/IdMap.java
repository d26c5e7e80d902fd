package dev.dendrite.recommend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * External ids of any string form (user "42", item "tt0111161") to dense
 * indices 0..n-1 in order of first appearance, and back. A model stores the
 * names so that a served model answers in the ids its data used.
 */
public final class IdMap {
    private final List<String> names = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();

    public IdMap() {
    }

    /** A map holding {@code names} at indices 0..n-1; a repeated name is an error. */
    public static IdMap of(List<String> names) {
        IdMap m = new IdMap();
        for (String n : names) {
            if (m.index.containsKey(n)) {
                throw new IllegalArgumentException("id '" + dev.dendrite.data.Excerpt.of(n) + "' is listed twice");
            }
            m.add(n);
        }
        return m;
    }

    /** The index of {@code name}, added at the end when new. */
    public int add(String name) {
        Integer i = index.get(name);
        if (i != null) {
            return i;
        }
        names.add(name);
        index.put(name, names.size() - 1);
        return names.size() - 1;
    }

    /** The index of {@code name}, or -1 when unknown. */
    public int indexOf(String name) {
        Integer i = index.get(name);
        return i == null ? -1 : i;
    }

    public String name(int index) {
        return names.get(index);
    }

    public int size() {
        return names.size();
    }

    /** The names in index order (a copy). */
    public List<String> names() {
        return List.copyOf(names);
    }
}
