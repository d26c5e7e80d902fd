package dev.dendrite.spark;

import dev.dendrite.model.Model;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Applies a saved model to a {@code Dataset<Row>} and adds its prediction as a
 * column: the class index (an int) for a classifier, the first output (a
 * double) for a regression model. The model file's bytes are broadcast once;
 * each partition loads the model once and predicts in blocks of rows, so the
 * per-row cost is the matrix products, not the loading.
 */
public final class SparkPredictor {
    private final Model model;
    private int blockSize = 1024;

    public SparkPredictor(Model model) {
        this.model = model;
    }

    /** Rows per forward pass (default 1024). */
    public SparkPredictor blockSize(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("block size must be at least 1, got " + rows);
        }
        this.blockSize = rows;
        return this;
    }

    /** {@code data} with a column {@code output} holding the prediction of every row (lazy, like any transform). */
    public Dataset<Row> transform(Dataset<Row> data, List<String> featureColumns, String output) {
        SparkSession spark = data.sparkSession();
        StructType schema = data.schema();
        if (java.util.Arrays.asList(schema.fieldNames()).contains(output)) {
            throw new IllegalArgumentException("spark predict: the data already has a column '"
                    + Rows.shorten(output) + "'");
        }
        Dataset<Row> withX = data.withColumn("__dendrite_x", Rows.featureArray(schema, featureColumns));
        StructType outSchema = schema.add(output, model.isClassification() ? DataTypes.IntegerType
                : DataTypes.DoubleType, false);
        Broadcast<byte[]> bytes = new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext())
                .broadcast(ModelState.toBytes(model));
        int block = blockSize;
        int xAt = schema.fieldNames().length;
        MapPartitionsFunction<Row, Row> f = rows -> new Blocks(rows, ModelState.fromBytes(bytes.value()), block, xAt);
        return withX.mapPartitions(f, Encoders.row(outSchema));
    }

    /** Predicts block by block and hands out the rows with the prediction appended. */
    private static final class Blocks implements Iterator<Row> {
        private final Iterator<Row> rows;
        private final Model model;
        private final int block;
        private final int xAt;
        private final List<Row> out = new ArrayList<>();
        private int next;

        Blocks(Iterator<Row> rows, Model model, int block, int xAt) {
            this.rows = rows;
            this.model = model;
            this.block = block;
            this.xAt = xAt;
        }

        @Override
        public boolean hasNext() {
            if (next < out.size()) {
                return true;
            }
            out.clear();
            next = 0;
            List<Row> in = new ArrayList<>(block);
            while (in.size() < block && rows.hasNext()) {
                in.add(rows.next());
            }
            if (in.isEmpty()) {
                return false;
            }
            int width = model.featureCount();
            float[] x = new float[in.size() * width];
            for (int i = 0; i < in.size(); i++) {
                List<Float> v = in.get(i).getList(xAt);
                if (v.size() != width) {
                    throw new IllegalArgumentException("spark predict: a row has " + v.size()
                            + " features, the model takes " + width);
                }
                for (int j = 0; j < width; j++) {
                    Float f = v.get(j);
                    x[i * width + j] = f == null ? Float.NaN : f;
                }
            }
            Tensor p = model.predict(Tensor.wrap(x, Shape.of(in.size(), width)));
            int[] classes = model.isClassification() ? p.argmaxRows() : null;
            float[] values = classes == null ? p.contiguous().toArray() : null;
            int outputs = classes == null ? p.dim(1) : 0;
            for (int i = 0; i < in.size(); i++) {
                Row r = in.get(i);
                Object[] cells = new Object[xAt + 1];
                for (int j = 0; j < xAt; j++) {
                    cells[j] = r.get(j);
                }
                cells[xAt] = classes != null ? (Object) classes[i] : (Object) (double) values[i * outputs];
                out.add(RowFactory.create(cells));
            }
            return true;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return out.get(next++);
        }
    }
}
