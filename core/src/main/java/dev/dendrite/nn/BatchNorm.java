package dev.dendrite.nn;

import dev.dendrite.autograd.Parameter;
import dev.dendrite.autograd.Var;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batch normalisation (Ioffe and Szegedy, 2015) over the features of
 * {@code [N, F]} or the channels of {@code [N, C, ...]}:
 * {@code y = gamma (x - mean) / sqrt(var + eps) + beta}, per feature or channel.
 * In training mode {@code mean} and {@code var} (biased) are the batch's, and
 * the running statistics move towards them:
 * {@code running = (1 - momentum) running + momentum batch}, with the unbiased
 * variance for {@code running_var}, as PyTorch does. In evaluation mode the
 * running statistics are used. {@code gamma} starts at 1 and {@code beta} at 0;
 * {@code running_mean} (0) and {@code running_var} (1) are {@link Buffer}s:
 * saved with the model, never touched by an optimizer. Runs as one graph node
 * ({@link Var#batchNorm}: two passes forward, two back), checked against
 * PyTorch and by central differences.
 */
public final class BatchNorm implements Layer {
    private int features = -1;
    private final float momentum;
    private final float eps;
    private Parameter gamma;
    private Parameter beta;
    private Buffer runningMean;
    private Buffer runningVar;

    /** Momentum 0.1 and eps 1e-5; sized by {@link #build}. */
    public BatchNorm() {
        this(0.1f, 1e-5f);
    }

    public BatchNorm(float momentum, float eps) {
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("batch norm: momentum must be in [0, 1], got " + momentum);
        }
        if (!(eps > 0) || !Float.isFinite(eps)) {
            throw new IllegalArgumentException("batch norm: eps must be positive, got " + eps);
        }
        this.momentum = momentum;
        this.eps = eps;
    }

    /** A layer for {@code features} features or channels. */
    public BatchNorm(int features) {
        this();
        create(features);
    }

    private void create(int f) {
        if (f <= 0) {
            throw new IllegalArgumentException("batch norm: the feature count must be positive, got " + f);
        }
        features = f;
        gamma = new Parameter("weight", Tensor.ones(f));
        beta = new Parameter("bias", Tensor.zeros(f));
        runningMean = new Buffer("running_mean", Tensor.zeros(f));
        runningVar = new Buffer("running_var", Tensor.ones(f));
    }

    @Override
    public synchronized void build(List<Shape> inputs, Rng rng) {
        Shape s = inputs.get(0);
        if (s.rank() < 1) {
            throw new IllegalArgumentException("batch norm: input per example " + s + " has no feature axis");
        }
        if (features < 0) {
            create(s.dim(0));
        } else if (s.dim(0) != features) {
            throw new IllegalArgumentException("batch norm(" + features + "): input per example " + s
                    + ", expected " + features + " features or channels first");
        }
    }

    @Override
    public Var forward(Var x, Mode mode) {
        return forward(x, mode, false);
    }

    /** {@code relu(forward(x, mode))} as one node ({@link Fusion}'s rule for batch norm then ReLU). */
    Var forwardRelu(Var x, Mode mode) {
        return forward(x, mode, true);
    }

    private Var forward(Var x, Mode mode, boolean relu) {
        Shape s = x.shape();
        if (features < 0) {
            throw new IllegalStateException("batch norm: not built yet; build the model first");
        }
        if (s.rank() < 2 || s.dim(1) != features) {
            throw new IllegalArgumentException("batch norm(" + features + "): input " + s
                    + ", expected [N, " + features + ", ...]");
        }
        if (!mode.isTraining()) {
            float[] rm = runningMean.value().toArray();
            float[] rv = runningVar.value().toArray();
            return relu ? x.batchNormRelu(gamma.var(), beta.var(), rm, rv, false, eps)
                    : x.batchNorm(gamma.var(), beta.var(), rm, rv, false, eps);
        }
        long n = s.size() / features;
        if (n < 2) {
            throw new IllegalArgumentException("batch norm(" + features + "): training needs more than one value"
                    + " per feature to compute a variance, got input " + s);
        }
        float[] mean = new float[features];
        float[] var = new float[features];
        Var y = relu ? x.batchNormRelu(gamma.var(), beta.var(), mean, var, true, eps)
                : x.batchNorm(gamma.var(), beta.var(), mean, var, true, eps);
        float m = momentum;
        Tensor bm = Tensor.of(mean, features);
        Tensor bv = Tensor.of(var, features).mul((float) n / (n - 1));
        runningMean.update(runningMean.value().mul(1 - m).add(bm.mul(m)));
        runningVar.update(runningVar.value().mul(1 - m).add(bv.mul(m)));
        return y;
    }

    @Override
    public Map<String, Parameter> parameters() {
        Map<String, Parameter> m = new LinkedHashMap<>();
        if (gamma != null) {
            m.put("weight", gamma);
            m.put("bias", beta);
        }
        return m;
    }

    @Override
    public Map<String, Buffer> buffers() {
        Map<String, Buffer> m = new LinkedHashMap<>();
        if (runningMean != null) {
            m.put("running_mean", runningMean);
            m.put("running_var", runningVar);
        }
        return m;
    }

    @Override
    public String type() {
        return "batch_norm";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("features", features);
        c.put("momentum", (double) momentum);
        c.put("eps", (double) eps);
        return c;
    }

    static BatchNorm fromConfig(Map<String, Object> c) {
        BatchNorm b = new BatchNorm((float) LayerTypes.number(c, "momentum"), (float) LayerTypes.number(c, "eps"));
        b.create(LayerTypes.positiveInt(c, "features"));
        return b;
    }

    @Override
    public String toString() {
        return "BatchNorm(" + (features < 0 ? "?" : features) + ")";
    }
}
