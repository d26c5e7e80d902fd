package dev.dendrite.nn;

import dev.dendrite.autograd.Parameter;
import dev.dendrite.tensor.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model's summary table: one row per input and layer with its type, what it
 * reads, its output shape ({@code N} for the batch) and its parameter count,
 * then the totals. For a {@link Sequential} the per-example input shape must be
 * given; a {@link Graph} knows its own.
 *
 * <pre>
 * layer    type     input   output shape  parameters
 * x        input            [N, 784]               0
 * 0        dense    x       [N, 256]         200,960
 * ...
 * total: 235,146 trainable parameters (918.5 KiB as float32); 0 buffer values
 * </pre>
 */
public final class Summary {
    private record Row(String name, String type, String input, Shape shape, long params) {
    }

    private Summary() {
    }

    /** The table for {@code model} fed per-example input shapes {@code inputs} (ignored for a graph). */
    public static String of(Layer model, List<Shape> inputs) {
        List<Row> rows = new ArrayList<>();
        if (model instanceof Graph g) {
            Map<String, Shape> shapes = g.shapes();
            for (Input in : g.inputs()) {
                rows.add(new Row(in.name(), in.kind() == Input.Kind.INDICES ? "input (ids)" : "input", "",
                        in.shape(), 0));
            }
            for (String n : g.nodeNames()) {
                Layer l = g.layer(n);
                rows.add(new Row(n, l.type(), String.join(", ", g.nodeInputs(n)), shapes.get(n), count(l)));
            }
        } else if (model instanceof Sequential s) {
            List<Shape> shape = inputs;
            String prev = "x";
            rows.add(new Row("x", "input", "", inputs.get(0), 0));
            for (int i = 0; i < s.layers().size(); i++) {
                Layer l = s.layers().get(i);
                shape = List.of(l.outputShape(shape));
                rows.add(new Row(String.valueOf(i), l.type(), prev, shape.get(0), count(l)));
                prev = String.valueOf(i);
            }
        } else {
            rows.add(new Row("x", "input", "", inputs.get(0), 0));
            rows.add(new Row("0", model.type(), "x", model.outputShape(inputs), count(model)));
        }
        return render(rows, model);
    }

    private static long count(Layer l) {
        long n = 0;
        for (Parameter p : l.parameters().values()) {
            n += p.shape().size();
        }
        return n;
    }

    private static String render(List<Row> rows, Layer model) {
        String[] head = {"layer", "type", "input", "output shape", "parameters"};
        List<String[]> cells = new ArrayList<>();
        long total = 0;
        for (Row r : rows) {
            cells.add(new String[] {r.name, r.type, r.input, batchShape(r.shape), String.format(Locale.ROOT, "%,d", r.params)});
            total += r.params;
        }
        int[] w = new int[head.length];
        for (int c = 0; c < head.length; c++) {
            w[c] = head[c].length();
            for (String[] row : cells) {
                w[c] = Math.max(w[c], row[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, head, w);
        for (String[] row : cells) {
            line(sb, row, w);
        }
        long buffers = 0;
        for (Buffer b : model.buffers().values()) {
            buffers += b.shape().size();
        }
        sb.append(String.format(Locale.ROOT, "total: %,d trainable parameters (%.1f KiB as float32); %,d buffer values%n",
                total, total * 4 / 1024.0, buffers));
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] cells, int[] w) {
        for (int c = 0; c < cells.length; c++) {
            boolean right = c == cells.length - 1;
            String fmt = right ? "%" + w[c] + "s" : "%-" + w[c] + "s  ";
            sb.append(String.format(Locale.ROOT, fmt, cells[c]));
        }
        sb.append(System.lineSeparator());
    }

    private static String batchShape(Shape s) {
        StringBuilder b = new StringBuilder("[N");
        for (int d : s.dims()) {
            b.append(", ").append(d);
        }
        return b.append(']').toString();
    }
}
