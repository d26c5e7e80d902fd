package dev.dendrite.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * Reads features and targets from a Spark {@code Dataset<Row>}: the features are
 * either one array column (of any numeric element type) or a list of numeric
 * columns; the target is one numeric column (a class index 0..C-1 for
 * classification). Rows with a null feature or target are refused with the
 * column named, since silently dropping them would change the data.
 */
public final class Rows {
    private Rows() {
    }

    /** The features as one array column, whatever form they came in: what workers read. */
    static Column featureArray(StructType schema, List<String> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("spark data: no feature columns given");
        }
        for (String c : columns) {
            if (!Arrays.asList(schema.fieldNames()).contains(c)) {
                throw new IllegalArgumentException("spark data: no column '" + shorten(c) + "' (columns: "
                        + describe(schema) + ")");
            }
        }
        if (columns.size() == 1) {
            DataType t = schema.apply(columns.get(0)).dataType();
            if (t instanceof ArrayType a && a.elementType() instanceof NumericType) {
                return col(columns.get(0)).cast("array<float>");
            }
        }
        Column[] cs = new Column[columns.size()];
        for (int i = 0; i < cs.length; i++) {
            DataType t = schema.apply(columns.get(i)).dataType();
            if (!(t instanceof NumericType)) {
                throw new IllegalArgumentException("spark data: feature column '" + shorten(columns.get(i))
                        + "' is " + t.simpleString() + ", expected a number (or one array column of numbers)");
            }
            cs[i] = col(columns.get(i)).cast("float");
        }
        return org.apache.spark.sql.functions.array(cs);
    }

    /** One {@link Shard} per partition of {@code data}. */
    public static JavaRDD<Shard> toShards(Dataset<Row> data, List<String> featureColumns, String label,
                                          boolean classification) {
        StructType schema = data.schema();
        if (!Arrays.asList(schema.fieldNames()).contains(label)) {
            throw new IllegalArgumentException("spark data: no label column '" + shorten(label) + "' (columns: "
                    + describe(schema) + ")");
        }
        if (!(schema.apply(label).dataType() instanceof NumericType)) {
            throw new IllegalArgumentException("spark data: label column '" + shorten(label) + "' is "
                    + schema.apply(label).dataType().simpleString() + ", expected a number");
        }
        Dataset<Row> two = data.select(featureArray(schema, featureColumns).as("x"), col(label).cast("double").as("y"));
        String labelName = shorten(label);
        return two.javaRDD().mapPartitions(rows -> toShard(rows, classification, labelName));
    }

    private static Iterator<Shard> toShard(Iterator<Row> rows, boolean classification, String label) {
        List<float[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        int width = -1;
        while (rows.hasNext()) {
            Row r = rows.next();
            if (r.isNullAt(0) || r.isNullAt(1)) {
                throw new IllegalArgumentException("spark data: a row has a null " + (r.isNullAt(0) ? "feature" : "'"
                        + label + "'"));
            }
            List<Float> x = r.getList(0);
            float[] v = new float[x.size()];
            for (int j = 0; j < v.length; j++) {
                Float f = x.get(j);
                if (f == null) {
                    throw new IllegalArgumentException("spark data: a row has a null feature (position " + j + ")");
                }
                v[j] = f;
            }
            if (width >= 0 && v.length != width) {
                throw new IllegalArgumentException("spark data: rows have " + width + " and " + v.length + " features");
            }
            width = v.length;
            xs.add(v);
            ys.add(r.getDouble(1));
        }
        if (xs.isEmpty()) {
            return List.<Shard>of().iterator();
        }
        int n = xs.size();
        float[] flat = new float[n * width];
        for (int i = 0; i < n; i++) {
            System.arraycopy(xs.get(i), 0, flat, i * width, width);
        }
        if (classification) {
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                double y = ys.get(i);
                if (y != Math.rint(y) || y < 0 || y > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("spark data: label '" + label + "' is " + y
                            + ", expected a class index 0, 1, 2, ...");
                }
                labels[i] = (int) y;
            }
            return List.of(new Shard(flat, n, width, labels, null, 1)).iterator();
        }
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            t[i] = (float) (double) ys.get(i);
        }
        return List.of(new Shard(flat, n, width, null, t, 1)).iterator();
    }

    static String describe(StructType schema) {
        StructField[] f = schema.fields();
        if (f.length <= 6) {
            return String.join(", ", schema.fieldNames());
        }
        return f.length + " columns (" + f[0].name() + " ... " + f[f.length - 1].name() + ")";
    }

    static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
