package dev.dendrite.tensor.kernel;

/**
 * The sizes of one 2-d convolution or pooling over NCHW arrays: batch {@code n},
 * input channels {@code c} of {@code h x w}, output channels {@code oc}, a
 * {@code kh x kw} window moved by {@code sh, sw}, zero padding {@code ph, pw}
 * on each side, dilation {@code dh, dw} and {@code groups}. The output is
 * {@code oh = (h + 2 ph - dh (kh - 1) - 1) / sh + 1} (floor) by the same in
 * {@code w}. The weight of a convolution is {@code [oc, c / groups, kh, kw]}.
 */
public record ConvGeometry(int n, int c, int h, int w, int oc, int kh, int kw, int sh, int sw,
                           int ph, int pw, int dh, int dw, int groups) {

    public ConvGeometry {
        if (n < 1 || c < 1 || h < 1 || w < 1 || oc < 1 || kh < 1 || kw < 1 || sh < 1 || sw < 1
                || ph < 0 || pw < 0 || dh < 1 || dw < 1 || groups < 1) {
            throw new IllegalArgumentException("convolution: sizes must be positive (padding non-negative): " + this);
        }
        if (c % groups != 0 || oc % groups != 0) {
            throw new IllegalArgumentException("convolution: " + groups + " groups must divide both " + c
                    + " input and " + oc + " output channels");
        }
        if ((h + 2 * ph - dh * (kh - 1) - 1) < 0 || (w + 2 * pw - dw * (kw - 1) - 1) < 0) {
            throw new IllegalArgumentException("convolution: a " + kh + "x" + kw + " window (dilation " + dh + "x"
                    + dw + ") does not fit the padded " + h + "x" + w + " input (padding " + ph + "x" + pw + ")");
        }
    }

    public int oh() {
        return (h + 2 * ph - dh * (kh - 1) - 1) / sh + 1;
    }

    public int ow() {
        return (w + 2 * pw - dw * (kw - 1) - 1) / sw + 1;
    }

    /** Input channels per group. */
    public int cg() {
        return c / groups;
    }

    /** Output channels per group. */
    public int ocg() {
        return oc / groups;
    }

    /** Weights per output channel: {@code c / groups * kh * kw}. */
    public int kernelSize() {
        return cg() * kh * kw;
    }

    public int inputSize() {
        return n * c * h * w;
    }

    public int outputSize() {
        return n * oc * oh() * ow();
    }

    public int weightSize() {
        return oc * kernelSize();
    }
}
