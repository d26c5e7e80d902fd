package dev.dendrite.tensor.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.IntConsumer;

/**
 * The worker threads that kernels share: one daemon {@link ForkJoinPool} sized to
 * the number of processors, created once, so a call never starts threads. The
 * calling thread always runs part 0 itself, and a part that no worker has picked
 * up yet may be run by the caller while it waits, so concurrent callers cannot
 * starve each other.
 */
final class GemmPool {
    /** How many parts a kernel should split its work into. */
    static final int PARALLELISM = Math.max(1, Runtime.getRuntime().availableProcessors());

    private static final ForkJoinPool POOL = PARALLELISM == 1 ? null : new ForkJoinPool(
            PARALLELISM, GemmPool::newThread, null, false);

    private GemmPool() {
    }

    private static ForkJoinWorkerThread newThread(ForkJoinPool pool) {
        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        t.setName("dendrite-kernel-" + t.getPoolIndex());
        t.setDaemon(true);
        return t;
    }

    /**
     * Runs {@code body.accept(part)} for every part in {@code [0, parts)} and
     * returns when all have finished. All parts are waited for even when one
     * fails, because they share buffers with the caller; the first failure is
     * then rethrown.
     */
    static void run(int parts, IntConsumer body) {
        if (parts <= 1 || POOL == null) {
            for (int t = 0; t < parts; t++) {
                body.accept(t);
            }
            return;
        }
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[parts - 1];
        for (int t = 1; t < parts; t++) {
            int part = t;
            tasks[t - 1] = POOL.submit(() -> body.accept(part));
        }
        Throwable failure = null;
        try {
            body.accept(0);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (ForkJoinTask<?> task : tasks) {
            try {
                task.join();
            } catch (RuntimeException | Error e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
    }
}
