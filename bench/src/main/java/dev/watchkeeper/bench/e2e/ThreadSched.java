package dev.watchkeeper.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A thread's scheduler figures from Linux's {@code /proc/.../schedstat}: nanoseconds on a core,
 * and nanoseconds runnable but waiting for one. Waiting for a core is what the cores being taken
 * costs that thread, measured for it alone; the rest of a thread's time it was asleep or blocked.
 * Off Linux (no such file) both read as 0.
 */
final class ThreadSched {

    private final Path file;

    private ThreadSched(Path file) {
        this.file = file;
    }

    /** The calling thread. */
    static ThreadSched current() {
        return new ThreadSched(Path.of("/proc/thread-self/schedstat"));
    }

    /** The first thread of this process whose name starts with {@code prefix} (as Linux keeps it, 15 characters), or null. */
    static ThreadSched named(String prefix) {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.filter(t -> {
                try {
                    return Files.readString(t.resolve("comm")).startsWith(prefix);
                } catch (IOException e) {
                    return false;
                }
            }).findFirst().map(t -> new ThreadSched(t.resolve("schedstat"))).orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {on a core, waiting for a core}, in nanoseconds since the thread started. */
    long[] read() {
        try {
            return parse(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            return new long[2];
        }
    }

    /** "run_ns wait_ns timeslices". */
    static long[] parse(String line) {
        String[] f = line.trim().split("\\s+");
        return new long[]{Long.parseLong(f[0]), Long.parseLong(f[1])};
    }
}
