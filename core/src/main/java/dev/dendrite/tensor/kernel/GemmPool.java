package dev.dendrite.tensor.kernel;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The worker threads that kernels share: {@code threads - 1} daemon threads (the
 * calling thread is the last worker), where {@code threads} is the system
 * property {@code dendrite.threads} or else {@code availableProcessors()}, and
 * {@link Kernels#threads(int)} changes it at run time. Workers are started when
 * first needed and kept, so a call never creates threads; workers above the
 * current count only sleep.
 *
 * <p>A call posts a job whose parts any thread may claim; the caller claims parts
 * too, and waits only for parts that another thread has already started, so
 * concurrent or nested callers can never deadlock or starve each other. Idle
 * workers spin for {@value #SPIN_MICROS} µs before parking: a fork/join through
 * a parked thread cost about 11 µs on the 2-core development VM, a spinning one
 * about 1 µs, and a training loop calls GEMM back to back.
 */
final class GemmPool {
    /** The most threads {@link Kernels#threads(int)} accepts. */
    static final int MAX_THREADS = 1024;

    private static final long SPIN_MICROS = 50;
    private static final ConcurrentLinkedQueue<Job> JOBS = new ConcurrentLinkedQueue<>();
    private static volatile int parallelism = initialThreads(System.getProperty("dendrite.threads"));
    private static volatile Worker[] WORKERS = startWorkers(new Worker[0], parallelism - 1);

    private GemmPool() {
    }

    /** How many parts a kernel should split its work into: the thread count. */
    static int parallelism() {
        return parallelism;
    }

    /** Sets the thread count, starting workers if there are too few. */
    static synchronized void parallelism(int threads) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be in [1, " + MAX_THREADS + "], got " + threads);
        }
        if (threads - 1 > WORKERS.length) {
            WORKERS = startWorkers(WORKERS, threads - 1);
        }
        parallelism = threads;
    }

    /**
     * The value of {@code -Ddendrite.threads}, or the processor count when it is
     * absent or unusable; an unusable value is named on standard error (a class
     * initialiser must not throw: every kernel would fail with an unrelated error).
     */
    static int initialThreads(String property) {
        int processors = Math.max(1, Runtime.getRuntime().availableProcessors());
        if (property == null || property.isBlank()) {
            return processors;
        }
        try {
            int n = Integer.parseInt(property.trim());
            if (n >= 1 && n <= MAX_THREADS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        String shown = property.length() > 60 ? property.substring(0, 60) + "..." : property;
        System.err.println("dendrite: warning: -Ddendrite.threads=" + shown + " is not a whole number in [1, "
                + MAX_THREADS + "]; using " + processors + " threads");
        return processors;
    }

    /**
     * Runs {@code body.accept(part)} for every part in {@code [0, parts)} and
     * returns when all have finished; the first failure is rethrown after that.
     */
    static void run(int parts, IntConsumer body) {
        Worker[] workers = WORKERS;
        if (parts <= 1 || workers.length == 0 || parallelism <= 1) {
            for (int t = 0; t < parts; t++) {
                body.accept(t);
            }
            return;
        }
        Job job = new Job(body, parts, Thread.currentThread());
        JOBS.add(job);
        int active = Math.min(workers.length, parallelism - 1);
        for (int i = 0; i < active; i++) {
            Worker w = workers[i];
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
        final int index;
        volatile boolean parked;

        Worker(int index) {
            this.index = index;
            thread = new Thread(this, "dendrite-kernel-" + index);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            while (true) {
                // a worker above the thread count takes no jobs (until the count is raised)
                Job job = index < parallelism - 1 ? JOBS.peek() : null;
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

    /** {@code existing} followed by newly started workers, {@code count} in all. */
    private static Worker[] startWorkers(Worker[] existing, int count) {
        Worker[] workers = java.util.Arrays.copyOf(existing, Math.max(count, existing.length));
        for (int i = existing.length; i < count; i++) {
            workers[i] = new Worker(i);
            workers[i].thread.start();
        }
        return workers;
    }
}
