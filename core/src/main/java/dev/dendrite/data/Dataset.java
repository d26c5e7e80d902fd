package dev.dendrite.data;

import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable table of examples: a feature matrix {@code features [N, F]} with
 * one name per column, and either classification labels (class indices
 * {@code 0..C-1} with a name per class) or regression targets
 * {@code [N, k]} (k = 1 unless there are several targets). Build one with {@link #classification} or {@link #regression};
 * {@link #subset} and {@link #withFeatures} return new datasets sharing nothing
 * mutable. Arrays handed in are copied and arrays handed out are copies, so a
 * dataset can be passed between threads freely.
 */
public final class Dataset {
    // null while the features are lazy and nothing has read them; then set once, under this
    private volatile Tensor features;
    // where lazy features come from (a row view, or an IDX file's bytes) until the matrix is
    // made (then null, so a view no longer holds its parent's data), else null; written after
    // features, read before it
    private volatile LazyRows lazy;
    private final int size;
    private final int featureCount;
    private final List<String> featureNames;
    // exactly one of labels / targets is non-null
    final int[] labels;
    private final List<String> classNames;
    final float[] targets; // row-major [N, targetWidth]
    final int targetWidth;

    private Dataset(Tensor features, List<String> featureNames, int[] labels, List<String> classNames,
                    float[] targets) {
        this(features, featureNames, labels, classNames, targets, 1);
    }

    private Dataset(Tensor features, List<String> featureNames, int[] labels, List<String> classNames,
                    float[] targets, int targetWidth) {
        if (features.rank() != 2) {
            throw new IllegalArgumentException("Dataset: features must be [N, F], got " + features.shape());
        }
        int n = features.dim(0);
        if (featureNames.size() != features.dim(1)) {
            throw new IllegalArgumentException("Dataset: " + featureNames.size() + " feature names for "
                    + features.dim(1) + " feature columns");
        }
        if (targetWidth < 1 || (targets != null && targets.length % targetWidth != 0)) {
            throw new IllegalArgumentException("Dataset: " + (targets == null ? 0 : targets.length)
                    + " target values do not make rows of " + targetWidth);
        }
        int rows = labels != null ? labels.length : targets.length / targetWidth;
        if (rows != n) {
            throw new IllegalArgumentException("Dataset: " + n + " feature rows but " + rows
                    + (labels != null ? " labels" : " targets"));
        }
        this.features = features.contiguous();
        this.lazy = null;
        this.size = n;
        this.featureCount = features.dim(1);
        this.featureNames = List.copyOf(featureNames);
        this.labels = labels;
        this.classNames = classNames == null ? List.of() : List.copyOf(classNames);
        this.targets = targets;
        this.targetWidth = targetWidth;
    }

    /** Lazy features: {@code rows} rows of {@code lazy}; labels and names are owned as given. */
    private Dataset(LazyRows lazy, int rows, int columns, List<String> featureNames, int[] labels,
                    List<String> classNames, float[] targets, int targetWidth) {
        this.features = null;
        this.lazy = lazy;
        this.size = rows;
        this.featureCount = columns;
        this.featureNames = featureNames;
        this.labels = labels;
        this.classNames = classNames;
        this.targets = targets;
        this.targetWidth = targetWidth;
    }

    /**
     * A classification dataset. Every label must lie in {@code 0..classNames.size()-1};
     * classes without examples are allowed (a split may miss a rare class).
     */
    public static Dataset classification(Tensor features, List<String> featureNames, int[] labels,
                                         List<String> classNames) {
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("Dataset: a classification dataset needs at least one class name");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("Dataset: label " + labels[i] + " of row " + i
                        + " is out of range for " + classNames.size() + " classes");
            }
        }
        return new Dataset(features, featureNames, labels.clone(), classNames, null);
    }

    /** A regression dataset with targets {@code [N]}, or {@code [N, k]} for k targets per row. */
    public static Dataset regression(Tensor features, List<String> featureNames, Tensor targets) {
        if (targets.rank() < 1 || targets.rank() > 2 || (targets.rank() == 2 && targets.dim(1) == 0)) {
            throw new IllegalArgumentException("Dataset: targets must be [N] or [N, k], got " + targets.shape());
        }
        return new Dataset(features, featureNames, null, null, targets.toArray(),
                targets.rank() == 2 ? targets.dim(1) : 1);
    }

    /** Names {@code prefix0, prefix1, ...}: for sources without a header, such as image pixels. */
    public static List<String> numberedNames(String prefix, int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(prefix + i);
        }
        return names;
    }

    // internal factories that take ownership of freshly built arrays, skipping the copy
    static Dataset ownedClassification(Tensor features, List<String> featureNames, int[] labels,
                                       List<String> classNames) {
        return new Dataset(features, featureNames, labels, classNames, null);
    }

    /**
     * Classification rows whose features are unsigned bytes, {@code width} a row
     * (an IDX file's pixels), read as floats 0..255 but converted only when
     * something needs them as floats.
     */
    static Dataset ownedPixels(byte[] pixels, int width, List<String> featureNames, int[] labels,
                               List<String> classNames) {
        if (featureNames.size() != width || (long) labels.length * width != pixels.length) {
            throw new IllegalArgumentException("Dataset: " + pixels.length + " pixels, " + labels.length
                    + " labels and " + featureNames.size() + " names for rows of " + width);
        }
        return new Dataset(LazyRows.ofUnsignedBytes(pixels, width), labels.length, width,
                List.copyOf(featureNames), labels, List.copyOf(classNames), null, 1);
    }

    static Dataset ownedRegression(Tensor features, List<String> featureNames, float[] targets) {
        return new Dataset(features, featureNames, null, null, targets);
    }

    static Dataset ownedRegression(Tensor features, List<String> featureNames, float[] targets, int width) {
        return new Dataset(features, featureNames, null, null, targets, width);
    }

    /** How many targets each row has: k for regression, 0 for classification. */
    public int targetCount() {
        return targets == null ? 0 : targetWidth;
    }

    /** The number of examples, N. */
    public int size() {
        return size;
    }

    /** The number of feature columns, F. */
    public int featureCount() {
        return featureCount;
    }

    /** The feature matrix {@code [N, F]}. */
    public Tensor features() {
        Tensor f = features;
        if (f == null) {
            synchronized (this) {
                f = features;
                if (f == null) {
                    f = lazy.materialise(size);
                    features = f;
                    lazy = null;
                }
            }
        }
        return f;
    }

    /**
     * Copies the features of row {@code row} into {@code into} from {@code offset}:
     * one row without converting or copying the whole matrix when this dataset
     * has not made it yet (see {@link #rows}).
     */
    public void featureRow(int row, float[] into, int offset) {
        if (row < 0 || row >= size) {
            throw new IndexOutOfBoundsException("featureRow: row " + row + " of " + size);
        }
        LazyRows source = lazy;
        Tensor f = features;
        if (f != null) {
            float[] dense = f.denseArray();
            float[] values = dense != null ? dense : f.slice(0, row, row + 1).toArray();
            System.arraycopy(values, dense != null ? row * featureCount : 0, into, offset, featureCount);
        } else {
            source.row(row, into, offset);
        }
    }

    /** The features' source while nothing has read them as a matrix, else null. */
    LazyRows unread() {
        LazyRows source = lazy;
        return features == null ? source : null;
    }

    public List<String> featureNames() {
        return featureNames;
    }

    public boolean isClassification() {
        return labels != null;
    }

    /** The class names, index = label; empty for regression. */
    public List<String> classNames() {
        return classNames;
    }

    /** The number of classes C; 0 for regression. */
    public int classCount() {
        return classNames.size();
    }

    /** A copy of the class labels {@code [N]}. */
    public int[] labels() {
        return requireLabels("labels").clone();
    }

    /** The class label of row {@code i}. */
    public int label(int i) {
        return requireLabels("label")[i];
    }

    /** How many examples each class has, index = label. */
    public int[] classCounts() {
        int[] counts = new int[classCount()];
        for (int l : requireLabels("classCounts")) {
            counts[l]++;
        }
        return counts;
    }

    /** The labels as a one-hot tensor {@code [N, C]}. */
    public Tensor oneHot() {
        return oneHot(requireLabels("oneHot"), classCount());
    }

    /** The regression targets {@code [N, k]}. */
    public Tensor targets() {
        if (targets == null) {
            throw new IllegalStateException("targets: this is a classification dataset; use labels() or oneHot()");
        }
        return Tensor.wrap(targets.clone(), Shape.of(targets.length / targetWidth, targetWidth));
    }

    /**
     * Rows {@code from} (inclusive) to {@code to} (exclusive). Once the features
     * are read, the part's features are a view of these rows, not a copy (an
     * evaluation in chunks copies nothing); labels and targets are copied.
     */
    public Dataset range(int from, int to) {
        if (from < 0 || to > size || from > to) {
            throw new IndexOutOfBoundsException("Dataset.range: [" + from + ", " + to + ") of " + size + " rows");
        }
        if (unread() != null) {
            int[] at = new int[to - from];
            for (int i = 0; i < at.length; i++) {
                at[i] = from + i;
            }
            return subset(at);
        }
        Tensor x = features().slice(0, from, to);
        if (labels != null) {
            return new Dataset(x, featureNames, Arrays.copyOfRange(labels, from, to), classNames, null);
        }
        int k = targetWidth;
        return new Dataset(x, featureNames, null, null, Arrays.copyOfRange(targets, from * k, to * k), k);
    }

    /** The rows at {@code indices}, in that order (repeats allowed). */
    public Dataset subset(int[] indices) {
        if (unread() != null) {
            Dataset view = rows(indices);
            return new Dataset(view.features(), featureNames, view.labels, classNames, view.targets, targetWidth);
        }
        Tensor x = features().gather(indices);
        if (labels != null) {
            int[] l = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                l[i] = labels[indices[i]];
            }
            return new Dataset(x, featureNames, l, classNames, null);
        }
        int k = targetWidth;
        float[] t = new float[indices.length * k];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(targets, indices[i] * k, t, i * k, k);
        }
        return new Dataset(x, featureNames, null, null, t, k);
    }

    /**
     * The same rows as {@link #subset}, with their features copied only when
     * first read: a split whose parts are normalised at once then copies each
     * row once, scaled, instead of twice ({@link Normalizer#apply(Dataset)}
     * reads a view's rows straight from this dataset). Until then the view keeps
     * this dataset's features (or bytes) alive; its labels or targets are copied now.
     */
    public Dataset rows(int[] indices) {
        int[] at = indices.clone();
        for (int r : at) {
            if (r < 0 || r >= size) {
                throw new IndexOutOfBoundsException("rows: index " + r + " out of range for " + size + " rows");
            }
        }
        LazyRows source = unread();
        if (source == null) {
            source = LazyRows.of(features().buffer(), featureCount);
        }
        if (labels != null) {
            int[] l = new int[at.length];
            for (int i = 0; i < at.length; i++) {
                l[i] = labels[at[i]];
            }
            return new Dataset(source.rows(at), at.length, featureCount, featureNames, l, classNames, null, 1);
        }
        int k = targetWidth;
        float[] t = new float[at.length * k];
        for (int i = 0; i < at.length; i++) {
            System.arraycopy(targets, at[i] * k, t, i * k, k);
        }
        return new Dataset(source.rows(at), at.length, featureCount, featureNames, null, List.of(), t, k);
    }

    /** The same labels with new features {@code [N, F']}, e.g. after normalisation; names kept when F' = F. */
    public Dataset withFeatures(Tensor newFeatures) {
        List<String> names = newFeatures.rank() == 2 && newFeatures.dim(1) == featureCount()
                ? featureNames : numberedNames("x", newFeatures.rank() == 2 ? newFeatures.dim(1) : 0);
        return withFeatures(newFeatures, names);
    }

    /** The same labels with new features and their names. */
    public Dataset withFeatures(Tensor newFeatures, List<String> names) {
        return new Dataset(newFeatures, names, labels, classNames, targets, targetWidth);
    }

    /** The same data with other feature names. */
    public Dataset withFeatureNames(List<String> names) {
        LazyRows source = unread();
        if (source != null && names.size() == featureCount) {
            return new Dataset(source, size, featureCount, List.copyOf(names), labels, classNames, targets,
                    targetWidth);
        }
        return new Dataset(features(), names, labels, classNames, targets, targetWidth);
    }

    /** The same data with other class names (as many as before). */
    public Dataset withClassNames(List<String> names) {
        requireLabels("withClassNames");
        if (names.size() != classCount()) {
            throw new IllegalArgumentException("withClassNames: " + names.size() + " names for " + classCount()
                    + " classes");
        }
        LazyRows source = unread();
        if (source != null) {
            return new Dataset(source, size, featureCount, featureNames, labels, List.copyOf(names), null, 1);
        }
        return new Dataset(features(), featureNames, labels, names, null);
    }

    /** One-hot rows {@code [labels.length, classes]} for class indices. */
    public static Tensor oneHot(int[] labels, int classes) {
        float[] d = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            d[i * classes + labels[i]] = 1f;
        }
        return Tensor.wrap(d, Shape.of(labels.length, classes));
    }

    private int[] requireLabels(String op) {
        if (labels == null) {
            throw new IllegalStateException(op + ": this is a regression dataset; use targets()");
        }
        return labels;
    }

    @Override
    public String toString() {
        return "Dataset[" + size() + " rows x " + featureCount() + " features, "
                + (isClassification() ? classCount() + " classes " + classNames : "regression") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dataset d && features().equals(d.features()) && featureNames.equals(d.featureNames)
                && Arrays.equals(labels, d.labels) && classNames.equals(d.classNames)
                && Arrays.equals(targets, d.targets);
    }

    @Override
    public int hashCode() {
        return 31 * features().hashCode() + Arrays.hashCode(labels) + Arrays.hashCode(targets);
    }
}
