package dev.dendrite.cli;

import java.util.Locale;

/**
 * Where a command's wall time goes. With {@code DENDRITE_PHASES} set to the
 * launch time in epoch milliseconds ({@code DENDRITE_PHASES=$(date +%s%3N)
 * dendrite train ...}), each {@link #mark} prints one line to standard error,
 * {@code phase NAME SECONDS}, the seconds since that launch; so
 * {@code bench/startup.sh} splits a whole-process time into start, read,
 * train, test and save. An environment variable rather than a JVM flag: a flag
 * would change the launcher's AOT-cache stamp. Unset, it costs nothing.
 */
final class Phases {
    private static final long T0 = launch();

    private Phases() {
    }

    private static long launch() {
        String v = System.getenv("DENDRITE_PHASES");
        if (v == null || v.isBlank()) {
            return -1;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return System.currentTimeMillis();
        }
    }

    static void mark(String phase) {
        if (T0 >= 0) {
            System.err.printf(Locale.ROOT, "phase %-12s %7.3f s%n", phase, (System.currentTimeMillis() - T0) / 1e3);
        }
    }
}
