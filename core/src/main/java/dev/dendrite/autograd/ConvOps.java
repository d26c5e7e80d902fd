package dev.dendrite.autograd;

import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.tensor.kernel.Conv2dKernels;
import dev.dendrite.tensor.kernel.ConvGeometry;
import dev.dendrite.tensor.kernel.Pool2dKernels;

/**
 * The differentiable 2-d convolution and pooling operations on NCHW vars, with
 * their gradient rules; the loops are in {@link Conv2dKernels} and
 * {@link Pool2dKernels}. The convolution keeps only its input for the backward
 * pass, which unfolds it again image by image.
 */
final class ConvOps {
    private ConvOps() {
    }

    static Var conv2d(Var x, Var w, Var b, int[] stride, int[] padding, int[] dilation, int groups) {
        Shape xs = x.shape();
        Shape ws = w.shape();
        if (xs.rank() != 4 || ws.rank() != 4) {
            throw new IllegalArgumentException("conv2d: input " + xs + " and weight " + ws
                    + " must be [N, C, H, W] and [out, C / groups, kh, kw]");
        }
        if (ws.dim(1) * groups != xs.dim(1)) {
            throw new IllegalArgumentException("conv2d: input " + xs + " has " + xs.dim(1) + " channels; weight " + ws
                    + " with " + groups + " group(s) expects " + ws.dim(1) * groups);
        }
        if (b != null && (b.shape().rank() != 1 || b.shape().dim(0) != ws.dim(0))) {
            throw new IllegalArgumentException("conv2d: bias " + b.shape() + ", expected [" + ws.dim(0) + "]");
        }
        ConvGeometry g = new ConvGeometry(xs.dim(0), xs.dim(1), xs.dim(2), xs.dim(3), ws.dim(0), ws.dim(2),
                ws.dim(3), stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1], groups);
        float[] wa = w.tensor().buffer();
        float[] xa = x.tensor().buffer();
        float[] y = Conv2dKernels.forward(g, xa, wa, b == null ? null : b.tensor().buffer());
        Tensor out = Tensor.wrap(y, Shape.of(g.n(), g.oc(), g.oh(), g.ow()));
        Var[] parents = b == null ? new Var[] {x, w} : new Var[] {x, w, b};
        return Var.node("conv2d", out, grad -> {
            float[][] r = Conv2dKernels.backward(g, xa, wa, grad.buffer(), x.requiresGrad(), w.requiresGrad(),
                    b != null && b.requiresGrad());
            return new Tensor[] {
                r[0] == null ? null : Tensor.wrap(r[0], xs),
                r[1] == null ? null : Tensor.wrap(r[1], ws),
                r[2] == null ? null : Tensor.wrap(r[2], Shape.of(g.oc()))};
        }, parents);
    }

    static Var pool2d(Var x, boolean max, int[] kernel, int[] stride, int[] padding) {
        Shape xs = x.shape();
        if (xs.rank() != 4) {
            throw new IllegalArgumentException((max ? "max" : "avg") + "_pool2d: input " + xs + ", expected [N, C, H, W]");
        }
        ConvGeometry g = new ConvGeometry(xs.dim(0), xs.dim(1), xs.dim(2), xs.dim(3), xs.dim(1), kernel[0], kernel[1],
                stride[0], stride[1], padding[0], padding[1], 1, 1, xs.dim(1));
        Shape os = Shape.of(g.n(), g.c(), g.oh(), g.ow());
        float[] xa = x.tensor().buffer();
        if (max) {
            int[] at = new int[os.size()];
            Tensor out = Tensor.wrap(Pool2dKernels.maxForward(g, xa, at), os);
            return Var.node("max_pool2d", out,
                    grad -> new Tensor[] {Tensor.wrap(Pool2dKernels.maxBackward(g, at, grad.buffer()), xs)}, x);
        }
        Tensor out = Tensor.wrap(Pool2dKernels.avgForward(g, xa), os);
        return Var.node("avg_pool2d", out,
                grad -> new Tensor[] {Tensor.wrap(Pool2dKernels.avgBackward(g, grad.buffer()), xs)}, x);
    }
}
