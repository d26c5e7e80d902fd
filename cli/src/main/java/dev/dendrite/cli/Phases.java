package dev.dendrite.cli;

/**
 * Where a command's wall time goes: with {@code -Ddendrite.phases=true} each
 * {@link #mark} prints one line to standard error with the seconds since the
 * launch time given as {@code -Ddendrite.phases.t0} (epoch milliseconds), so {@code bench/startup.sh} can split a whole-process time
 * into start, read, train, test and save. Off by default and then free.
 */
final class Phases {
    private static final boolean ON = Boolean.getBoolean("dendrite.phases");
    /** Milliseconds since the epoch at launch, from the caller ({@code -Ddendrite.phases.t0=$(date +%s%3N)}). */
    private static final long T0 = Long.getLong("dendrite.phases.t0", 0L);

    private Phases() {
    }

    static void mark(String phase) {
        if (ON) {
            double s = (System.currentTimeMillis() - T0) / 1e3;
            System.err.printf(java.util.Locale.ROOT, "phase %-12s %7.3f s  at %s%n", phase, s,
                    java.time.LocalTime.now(java.time.ZoneOffset.UTC));
        }
    }
}
