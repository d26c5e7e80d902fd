/**
 * Benchmarks, never run by the build: JMH benchmarks for GEMM
 * ({@link dev.dendrite.bench.GemmBench}, {@link dev.dendrite.bench.ScalarGemmBench})
 * and element-wise kernels ({@link dev.dendrite.bench.ElementwiseBench}), run with
 * {@code java -jar bench/target/benchmarks.jar}, and
 * {@link dev.dendrite.bench.GemmReport}, a plain table of Dendrite against OpenBLAS
 * that {@code bench/gemm.sh} builds and runs. Results live in {@code docs/benchmarks.md}.
 */
package dev.dendrite.bench;
