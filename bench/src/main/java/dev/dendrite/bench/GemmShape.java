package dev.dendrite.bench;

import java.util.List;

/**
 * One GEMM problem as benchmarks name it: {@code NN:m:n:k} (transpose flags of A
 * and B, then sizes), with a label. The MLP shapes are a 784-256-128-10 network
 * on batches of 128: forward {@code X·W}, weight gradient {@code Xᵀ·dY} and input
 * gradient {@code dY·Wᵀ} of each layer.
 */
record GemmShape(String label, boolean transA, boolean transB, int m, int n, int k) {

    /** Parses {@code NN:m:n:k} (or {@code TN}, {@code NT}, {@code TT}). */
    static GemmShape parse(String spec) {
        String[] f = spec.split(":");
        if (f.length != 4 || f[0].length() != 2) {
            throw new IllegalArgumentException("shape '" + spec + "': expected NN:m:n:k");
        }
        return new GemmShape(spec, f[0].charAt(0) == 'T', f[0].charAt(1) == 'T',
                Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]));
    }

    double flops() {
        return 2.0 * m * n * k;
    }

    String spec() {
        return (transA ? "T" : "N") + (transB ? "T" : "N") + ":" + m + ":" + n + ":" + k;
    }

    static final List<String> SQUARE = List.of(
            "NN:64:64:64", "NN:128:128:128", "NN:256:256:256", "NN:512:512:512", "NN:1024:1024:1024", "NN:2048:2048:2048");

    static final List<String> MLP = List.of(
            "NN:128:256:784", "TN:784:256:128", "NT:128:784:256",
            "NN:128:128:256", "TN:256:128:128", "NT:128:256:128",
            "NN:128:10:128", "TN:128:10:128", "NT:128:128:10");

    /** A readable name for a spec from the lists above. */
    static String describe(String spec) {
        return switch (spec) {
            case "NN:128:256:784" -> "mlp 784->256 fwd X.W";
            case "TN:784:256:128" -> "mlp 784->256 dW=Xt.dY";
            case "NT:128:784:256" -> "mlp 784->256 dX=dY.Wt";
            case "NN:128:128:256" -> "mlp 256->128 fwd";
            case "TN:256:128:128" -> "mlp 256->128 dW";
            case "NT:128:256:128" -> "mlp 256->128 dX";
            case "NN:128:10:128" -> "mlp 128->10 fwd";
            case "TN:128:10:128" -> "mlp 128->10 dW";
            case "NT:128:128:10" -> "mlp 128->10 dX";
            default -> "square";
        };
    }
}
