package dev.dendrite.autograd;

import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.tensor.kernel.BatchNormKernels;

/**
 * Batch normalisation as one differentiable node over {@code [N, C, ...]}: two
 * passes forward and two back ({@link BatchNormKernels}), where the same
 * formula composed from primitives makes about a dozen full-size temporaries;
 * optionally with the ReLU that follows it in the same node.
 */
final class NormOps {
    private NormOps() {
    }

    /**
     * Normalises {@code x} per channel (axis 1). With {@code batchStats} the batch's
     * mean and biased variance are used and written into {@code mean} and {@code var};
     * otherwise those arrays are the statistics to use. With {@code relu} the output is
     * {@code max(y, 0)}; the backward pass recomputes the ReLU's mask from {@code x}.
     */
    static Var batchNorm(Var x, Var gamma, Var beta, float[] mean, float[] var, boolean batchStats, float eps,
                         boolean relu) {
        Shape xs = x.shape();
        int n = xs.dim(0);
        int c = xs.dim(1);
        int s = xs.size() / Math.max(1, n * c);
        float[] xa = x.tensor().buffer();
        float[] g = gamma.tensor().buffer();
        float[] b = beta.tensor().buffer();
        float[] y = BatchNormKernels.forward(xa, n, c, s, mean, var, batchStats, g, b, eps, relu);
        float[] mu = mean.clone();
        float[] v = var.clone();
        return Var.node(relu ? "batch_norm_relu" : "batch_norm", Tensor.wrap(y, xs), grad -> {
            float[][] r = BatchNormKernels.backward(xa, grad.buffer(), relu ? b : null, n, c, s, mu, v, batchStats,
                    g, eps, x.requiresGrad());
            return new Tensor[] {
                r[0] == null ? null : Tensor.wrap(r[0], xs),
                Tensor.wrap(r[1], gamma.shape()),
                Tensor.wrap(r[2], beta.shape())};
        }, x, gamma, beta);
    }
}
