package dev.watchkeeper.model.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The audit log: one JSON object per line in {@code audit.jsonl} under the user's data directory.
 * The app only ever appends (the file is opened with APPEND, never rewritten). Each line carries
 * the SHA-256 of the line before it, so a changed, inserted or removed line breaks the chain and
 * {@link #verify()} names the first broken line. Appends from several processes (console and CLI)
 * hold an exclusive file lock, so lines never interleave and the chain stays linear.
 */
public final class AuditLog {

    public static final String FILE_NAME = "audit.jsonl";
    /** System property naming the data directory; wins over XDG_DATA_HOME (used by tests). */
    public static final String DATA_DIR_PROPERTY = "watchkeeper.data.dir";
    /** The previous-hash of the first line. */
    public static final String GENESIS = "0".repeat(64);

    /** FileChannel locks are per process; threads of one process queue here first. */
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;

    public AuditLog(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    /** The log at the default place: {@code $XDG_DATA_HOME/watchkeeper/audit.jsonl}, default {@code ~/.local/share/watchkeeper/}. */
    public static AuditLog atDefaultLocation() {
        return new AuditLog(defaultFile(System.getProperty(DATA_DIR_PROPERTY), System.getenv(), System.getProperty("user.home")));
    }

    static Path defaultFile(String dataDirProperty, Map<String, String> env, String home) {
        if (dataDirProperty != null && !dataDirProperty.isBlank()) {
            return Path.of(dataDirProperty, FILE_NAME);
        }
        String xdg = env.get("XDG_DATA_HOME");
        // The XDG spec says a relative value is invalid and must be ignored.
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg) : Path.of(home, ".local", "share");
        return base.resolve("watchkeeper").resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    /**
     * Appends {@code draft} (secrets redacted) chained to the current last line, and returns the
     * entry as written. Throws UncheckedIOException when the log cannot be written.
     */
    public AuditEntry append(AuditEntry draft) {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
        local.lock();
        try {
            createParent();
            // POSIX drops a process's lock when it closes ANY descriptor of the file: the reading
            // channel is opened before locking and closed only after the lock is released.
            try (FileChannel out = FileChannel.open(file, createOptions(), ownerOnly());
                 FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
                 FileLock ignored = out.lock()) {
                LastLine last = lastLine(in);
                AuditEntry entry = draft.redacted().withPreviousHash(last.text == null ? GENESIS : sha256(last.text));
                String line = AuditJson.write(entry);
                // A line left without its newline by a crashed writer stays broken; never glue onto it.
                String prefix = last.terminated ? "" : "\n";
                ByteBuffer bytes = ByteBuffer.wrap((prefix + line + "\n").getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(false);
                return entry;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit log " + file + ": " + e.getMessage(), e);
        } finally {
            local.unlock();
        }
    }

    /** Readable entries written at or after {@code since} (all when null), oldest first. */
    public List<AuditEntry> read(Instant since) {
        List<AuditEntry> out = new ArrayList<>();
        for (String line : lines()) {
            AuditEntry e = AuditJson.read(line);
            if (e != null && (since == null || !e.time().isBefore(since))) {
                out.add(e);
            }
        }
        return out;
    }

    /** Size of the file in bytes (0 when absent): cheap change detection for live views. */
    public long size() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Checks every line's JSON and its link to the line before. */
    public Verification verify() {
        List<String> lines = lines();
        String expected = GENESIS;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            AuditEntry e = AuditJson.read(line);
            if (e == null) {
                return new Verification(false, i, i + 1, "line " + (i + 1) + " is not a readable audit entry");
            }
            if (!expected.equals(e.previousHash())) {
                return new Verification(false, i, i + 1, i == 0
                        ? "line 1 does not start the chain (lines were removed or changed at the start)"
                        : "line " + (i + 1) + " does not follow line " + i + " (line " + i
                        + " was changed, or a line was inserted or removed there)");
            }
            expected = sha256(line);
        }
        return new Verification(true, lines.size(), 0, null);
    }

    /**
     * The result of {@link #verify()}.
     *
     * @param intact     true when every line is readable and chained to the one before
     * @param entries    lines checked before the first break (all of them when intact)
     * @param brokenLine 1-based number of the first broken line; 0 when intact
     * @param problem    what is wrong with it; null when intact
     */
    public record Verification(boolean intact, int entries, int brokenLine, String problem) {
        public String summary() {
            return intact ? "Audit chain intact: " + entries + (entries == 1 ? " entry" : " entries") + " verified"
                    : "Audit chain broken at line " + brokenLine + ": " + problem;
        }
    }

    private List<String> lines() {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log " + file + ": " + e.getMessage(), e);
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                out.add(new String(all, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < all.length) {
            out.add(new String(all, start, all.length - start, StandardCharsets.UTF_8));
        }
        return out;
    }

    private record LastLine(String text, boolean terminated) {
    }

    /** The last line (without its newline), read backwards from the end; null text when the file is empty. */
    private static LastLine lastLine(FileChannel in) throws IOException {
        long size = in.size();
        if (size == 0) {
            return new LastLine(null, true);
        }
        boolean terminated = readByte(in, size - 1) == '\n';
        long end = terminated ? size - 1 : size;
        int chunk = 8192;
        while (true) {
            long from = Math.max(0, end - chunk);
            ByteBuffer buf = ByteBuffer.allocate((int) (end - from));
            while (buf.hasRemaining() && in.read(buf, from + buf.position()) > 0) {
                // positional reads may return fewer bytes than asked
            }
            byte[] b = buf.array();
            for (int i = b.length - 1; i >= 0; i--) {
                if (b[i] == '\n') {
                    return new LastLine(new String(b, i + 1, b.length - i - 1, StandardCharsets.UTF_8), terminated);
                }
            }
            if (from == 0) {
                return new LastLine(new String(b, StandardCharsets.UTF_8), terminated);
            }
            chunk *= 2;
        }
    }

    private static byte readByte(FileChannel in, long pos) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        in.read(one, pos);
        return one.get(0);
    }

    private void createParent() throws IOException {
        Path dir = file.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            if (posix()) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
    }

    private static java.util.Set<OpenOption> createOptions() {
        return java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** The log names who did what: readable by its owner only. */
    private static FileAttribute<?>[] ownerOnly() {
        return posix() ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    static String sha256(String line) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
