package dev.dendrite.cli;

import dev.dendrite.io.AtomicWrite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps two training runs out of one checkpoint folder: each would overwrite the
 * other's checkpoint, and a later --resume would continue a mix of both. The
 * lock is an operating-system lock on {@code checkpoint.lock} in the folder, so
 * it disappears with the process however it ends, a kill -9 included; the empty
 * file itself stays and is harmless.
 */
final class CheckpointLock implements AutoCloseable {
    static final String NAME = "checkpoint.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private CheckpointLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the folder's lock, or explains that another run holds it. */
    static CheckpointLock acquire(Path folder) {
        Path file = folder.resolve(NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IllegalArgumentException("--checkpoint-dir: cannot create " + file + " ("
                    + AtomicWrite.describe(e) + ")");
        }
        FileLock lock = null;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // this JVM already holds it: another run in the same process (tests do this)
        } catch (IOException e) {
            close(channel);
            throw new IllegalArgumentException("--checkpoint-dir: cannot lock " + file + " ("
                    + AtomicWrite.describe(e) + ")");
        }
        if (lock == null) {
            close(channel);
            throw new IllegalArgumentException("--checkpoint-dir: " + folder + " is in use by another training run "
                    + "(it holds " + NAME + "); wait for it to end or use another folder");
        }
        return new CheckpointLock(channel, lock);
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it as well
        }
        close(channel);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was written through it
        }
    }
}
