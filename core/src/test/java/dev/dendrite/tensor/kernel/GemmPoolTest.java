package dev.dendrite.tensor.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Every part runs exactly once, failures come back to the caller, and nested or concurrent calls finish. */
class GemmPoolTest {

    @Test
    void runsEveryPartOnce() {
        for (int parts = 0; parts <= 9; parts++) {
            AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(parts, 1));
            GemmPool.run(parts, seen::incrementAndGet);
            for (int p = 0; p < parts; p++) {
                assertThat(seen.get(p)).as("part %d of %d", p, parts).isEqualTo(1);
            }
        }
    }

    @Test
    void rethrowsAFailureAfterAllPartsFinished() {
        AtomicInteger finished = new AtomicInteger();
        assertThatThrownBy(() -> GemmPool.run(4, p -> {
            if (p == 1) {
                throw new IllegalStateException("part 1 failed");
            }
            finished.incrementAndGet();
        })).isInstanceOf(IllegalStateException.class).hasMessage("part 1 failed");
        assertThat(finished.get()).isEqualTo(3);
    }

    @Test
    void nestedAndConcurrentCallsFinish() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            AtomicInteger total = new AtomicInteger();
            Future<?>[] futures = new Future<?>[6];
            for (int i = 0; i < futures.length; i++) {
                futures[i] = callers.submit(() -> {
                    for (int r = 0; r < 200; r++) {
                        GemmPool.run(3, p -> GemmPool.run(2, q -> total.incrementAndGet()));
                    }
                });
            }
            for (Future<?> f : futures) {
                f.get();
            }
            assertThat(total.get()).isEqualTo(6 * 200 * 3 * 2);
        } finally {
            callers.shutdown();
        }
    }
}
