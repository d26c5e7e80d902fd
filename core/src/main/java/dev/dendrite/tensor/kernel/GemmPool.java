package dev.dendrite.tensor.kernel;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The worker threads that kernels share: {@code availableProcessors() - 1} daemon
 * threads started once (the calling thread is the last worker), so a call never
 * creates threads.
 *
 * <p>A call posts a job whose parts any thread may claim; the caller claims parts
 * too, and waits only for parts that another thread has already started, so
 * concurrent or nested callers can never deadlock or starve each other. Idle
 * workers spin for {@value #SPIN_MICROS} µs before parking: a fork/join through
 * a parked thread cost about 11 µs on the 2-core development VM, a spinning one
 * about 1 µs, and a training loop calls GEMM back to back.
 */
final class GemmPool {
    /** How many parts a kernel should split its work into. */
    static final int PARALLELISM = Math.max(1, Runtime.getRuntime().availableProcessors());

    private static final long SPIN_MICROS = 50;
    private static final ConcurrentLinkedQueue<Job> JOBS = new ConcurrentLinkedQueue<>();
    private static final Worker[] WORKERS = startWorkers(PARALLELISM - 1);

    private GemmPool() {
    }

    /**
     * Runs {@code body.accept(part)} for every part in {@code [0, parts)} and
     * returns when all have finished; the first failure is rethrown after that.
     */
    static void run(int parts, IntConsumer body) {
        if (parts <= 1 || WORKERS.length == 0) {
            for (int t = 0; t < parts; t++) {
                body.accept(t);
            }
            return;
        }
        Job job = new Job(body, parts, Thread.currentThread());
        JOBS.add(job);
        for (Worker w : WORKERS) {
            if (w.parked) {
                LockSupport.unpark(w.thread);
            }
        }
        while (job.runOne()) {
            // the caller works too, until every part is claimed
        }
        JOBS.remove(job);
        job.await();
    }

    /** One call's parts: claimed by an atomic counter, counted down as they finish. */
    private static final class Job {
        private final IntConsumer body;
        private final int parts;
        private final Thread caller;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private volatile Throwable failure;

        Job(IntConsumer body, int parts, Thread caller) {
            this.body = body;
            this.parts = parts;
            this.caller = caller;
        }

        /** Claims and runs one part; false when all parts are already claimed. */
        boolean runOne() {
            int p = next.getAndIncrement();
            if (p >= parts) {
                return false;
            }
            try {
                body.accept(p);
            } catch (Throwable e) {
                synchronized (this) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            } finally {
                if (done.incrementAndGet() == parts) {
                    LockSupport.unpark(caller);
                }
            }
            return true;
        }

        /** Waits for parts other threads are still running, then rethrows a failure. */
        void await() {
            long start = System.nanoTime();
            while (done.get() < parts) {
                long waited = System.nanoTime() - start;
                if (waited < 5_000) {
                    Thread.onSpinWait();
                } else if (waited < SPIN_MICROS * 1000) {
                    // The part we wait for may be queued behind us on this CPU: give way.
                    Thread.yield();
                } else {
                    LockSupport.park(this);
                }
            }
            Throwable f = failure;
            if (f instanceof RuntimeException re) {
                throw re;
            }
            if (f instanceof Error err) {
                throw err;
            }
            if (f != null) {
                throw new IllegalStateException(f);
            }
        }
    }

    private static final class Worker implements Runnable {
        final Thread thread;
        volatile boolean parked;

        Worker(int index) {
            thread = new Thread(this, "dendrite-kernel-" + index);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            while (true) {
                Job job = JOBS.peek();
                if (job != null) {
                    if (!job.runOne()) {
                        JOBS.remove(job);
                    }
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < SPIN_MICROS * 1000) {
                    Thread.onSpinWait();
                } else {
                    // Announce the park, then look once more: a caller that posted a job
                    // before seeing the flag is caught here, one that posts after sees it.
                    parked = true;
                    if (JOBS.isEmpty()) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    idleSince = System.nanoTime();
                }
            }
        }
    }

    private static Worker[] startWorkers(int count) {
        Worker[] workers = new Worker[count];
        for (int i = 0; i < count; i++) {
            workers[i] = new Worker(i);
            workers[i].thread.start();
        }
        return workers;
    }
}
