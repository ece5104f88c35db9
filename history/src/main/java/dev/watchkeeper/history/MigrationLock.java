package dev.watchkeeper.history;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serializes schema migrations of one SQLite store across threads and processes: a recorder starting
 * while a console or {@code status --at} opens the same new file would otherwise run the first
 * migration twice. The lock is on a sibling file ({@code <store>.migrate-lock}), never on the database
 * itself: closing a channel on the database would drop SQLite's own locks held by this process.
 */
final class MigrationLock implements AutoCloseable {

    /** A process holds one OS lock per file; threads of this process queue here first. */
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock inProcess;
    private final FileChannel channel;
    private final FileLock lock;

    private MigrationLock(ReentrantLock inProcess, FileChannel channel, FileLock lock) {
        this.inProcess = inProcess;
        this.channel = channel;
        this.lock = lock;
    }

    /** Blocks until no other thread or process is migrating the store at {@code store}. */
    static MigrationLock take(Path store) throws IOException {
        Path file = store.toAbsolutePath().normalize().resolveSibling(store.getFileName() + ".migrate-lock");
        ReentrantLock local = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
        local.lock();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new MigrationLock(local, channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            local.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            inProcess.unlock();
        }
    }
}
