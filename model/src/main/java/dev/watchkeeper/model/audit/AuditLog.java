package dev.watchkeeper.model.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The audit log: one JSON object per line in {@code audit.jsonl} under the user's data directory.
 * The app only ever appends (the file is opened with APPEND, never rewritten). Each line carries a
 * link to the line before it: the HMAC-SHA256 of that line under a key kept in its own owner-only
 * file ({@code audit.key}), so a changed, inserted or removed line breaks the chain, and whoever
 * cannot read the key cannot re-chain it. After every append the head (line count and the link
 * to the last line) is recorded beside the log ({@code audit.jsonl.head}), so entries cut off the
 * end are missed too. {@link #verify()} lists every break with its kind. Lines written before the
 * chain was keyed carry the plain SHA-256 of the line before and still verify.
 *
 * <p>Appends and reads from several processes (console and CLI) hold an exclusive lock on a
 * separate lock file ({@code audit.jsonl.lock}): POSIX drops a process's lock when it closes any
 * descriptor of the locked file, and only the locking code ever opens the lock file.
 */
public final class AuditLog {

    public static final String FILE_NAME = "audit.jsonl";
    /** System property naming the data directory; wins over XDG_DATA_HOME (used by tests). */
    public static final String DATA_DIR_PROPERTY = "watchkeeper.data.dir";
    /** The previous-hash of the first line. */
    public static final String GENESIS = "0".repeat(64);
    /** How a keyed link starts; an old link is 64 hex digits without a prefix. */
    public static final String HMAC_PREFIX = "hmac-sha256:";
    static final String KEY_FILE = "audit.key";

    /** FileChannel locks are per process; threads of one process queue here first. */
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;
    private final Consumer<String> syncedDirectories;

    public AuditLog(Path file) {
        this(file, dir -> {
        });
    }

    /** @param syncedDirectories hears each directory whose new entries were synced to disk (tests) */
    AuditLog(Path file, Consumer<String> syncedDirectories) {
        this.file = file.toAbsolutePath().normalize();
        this.syncedDirectories = syncedDirectories;
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

    /** The key of the chain: beside the log, owner-only, shared by the logs of one directory. */
    public Path keyFile() {
        return file.resolveSibling(KEY_FILE);
    }

    /** Where the head (line count, link to the last line) is recorded after every append. */
    public Path headFile() {
        return file.resolveSibling(file.getFileName() + ".head");
    }

    private Path lockFile() {
        return file.resolveSibling(file.getFileName() + ".lock");
    }

    /**
     * Appends {@code draft} (secrets redacted) chained to the current last line, and returns the
     * entry as written. Throws UncheckedIOException when the log cannot be written.
     */
    public AuditEntry append(AuditEntry draft) {
        return locked(true, () -> {
            boolean fresh = !Files.exists(file);
            AuditKey key = AuditKey.readOrCreate(keyFile());
            AuditHead head = readHeadQuietly();
            try (FileChannel out = FileChannel.open(file, createOptions(), AuditFiles.ownerOnlyFile());
                 FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                if (fresh) {
                    AuditFiles.sync(file.getParent(), syncedDirectories);
                }
                long sizeBefore = in.size();
                LastLine last = lastLine(in);
                AuditEntry entry = draft.redacted().withPreviousHash(last.text == null ? GENESIS : key.link(last.text));
                String line = AuditJson.write(entry);
                // A line left without its newline by a crashed writer stays broken; never glue onto it.
                String prefix = last.terminated ? "" : "\n";
                ByteBuffer bytes = ByteBuffer.wrap((prefix + line + "\n").getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(false);
                // count on from the head when it describes the file as it was; count afresh otherwise
                long entries = head != null && head.bytes() == sizeBefore ? head.entries() + 1 : lines().size();
                new AuditHead(entries, out.size(), key.link(line)).write(headFile());
                return entry;
            }
        });
    }

    /** Readable entries written at or after {@code since} (all when null), oldest first. */
    public List<AuditEntry> read(Instant since) {
        List<AuditEntry> out = new ArrayList<>();
        for (String line : locked(false, this::lines)) {
            AuditEntry e = AuditJson.read(line);
            if (e != null && (since == null || !e.time().isBefore(since))) {
                out.add(e);
            }
        }
        return out;
    }

    /** Size of the file in bytes (0 when absent): cheap change detection for live views. */
    public long size() {
        // asked once a second: a missing file (no command sent yet) answered without an exception each time
        if (!Files.exists(file)) {
            return 0;
        }
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Checks every line's JSON and its link to the line before, and the head recorded beside the
     * log; carries on past a break and lists every one.
     */
    public Verification verify() {
        return locked(false, () -> {
            AuditKey key = AuditKey.read(keyFile());
            AuditHead head;
            String headProblem = null;
            try {
                head = AuditHead.read(headFile());
            } catch (IOException e) {
                head = null;
                headProblem = "the head " + headFile() + " is unreadable (" + e.getMessage() + ")";
            }
            return new ChainVerifier(lines(), key, keyFile(), head, headProblem, headFile()).verify();
        });
    }

    /** How a chain is broken. */
    public enum BreakKind {
        /** A line that is not a readable entry: cut short by a crash, or not written by Watchkeeper. */
        TRUNCATED_LINE("truncated line"),
        /** A line whose link does not match the line before it: that line was changed, or lines were inserted or removed. */
        EDITED_ENTRY("edited entry"),
        /** Fewer lines than the head records: entries were cut off the end. */
        MISSING_TAIL("missing tail"),
        /** The head or the key is missing or unreadable: cut-off entries or edits cannot be ruled out. */
        MISSING_ANCHOR("missing anchor");

        private final String label;

        BreakKind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One break of the chain.
     *
     * @param line    1-based line number (for a missing tail: the first line that should be there)
     * @param kind    what kind of break
     * @param problem what is wrong, for a human
     */
    public record Break(int line, BreakKind kind, String problem) {
    }

    /**
     * The result of {@link #verify()}.
     *
     * @param entries lines checked (readable or not)
     * @param breaks  every break found, in file order; empty when intact
     */
    public record Verification(int entries, List<Break> breaks) {
        public Verification {
            breaks = List.copyOf(breaks);
        }

        public boolean intact() {
            return breaks.isEmpty();
        }

        /** 1-based number of the first broken line; 0 when intact. */
        public int brokenLine() {
            return breaks.isEmpty() ? 0 : breaks.getFirst().line();
        }

        /** What is wrong at the first break; null when intact. */
        public String problem() {
            return breaks.isEmpty() ? null : breaks.getFirst().problem();
        }

        public String summary() {
            if (intact()) {
                return "Audit chain intact: " + entries + (entries == 1 ? " entry" : " entries") + " verified";
            }
            if (breaks.size() == 1) {
                Break b = breaks.getFirst();
                return "Audit chain broken at line " + b.line() + " (" + b.kind().label() + "): " + b.problem();
            }
            StringBuilder s = new StringBuilder("Audit chain broken, " + breaks.size() + " breaks in " + entries + " lines:");
            for (Break b : breaks) {
                s.append("\n  line ").append(b.line()).append(" (").append(b.kind().label()).append("): ").append(b.problem());
            }
            return s.toString();
        }
    }

    private interface IoWork<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code work} holding this process's queue and the lock file's exclusive lock. Reads
     * lock too, so they never see half an append. A read of a log that does not exist yet creates nothing.
     */
    private <T> T locked(boolean writing, IoWork<T> work) {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
        local.lock();
        try {
            if (!writing && !Files.exists(file)) {
                return work.run();
            }
            AuditFiles.createDirectories(file.getParent(), syncedDirectories);
            try (FileChannel lock = FileChannel.open(lockFile(), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    AuditFiles.ownerOnlyFile());
                 FileLock ignored = lock.lock()) {
                return work.run();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot " + (writing ? "write" : "read") + " the audit log " + file + ": "
                    + dev.watchkeeper.model.FileProblem.describe(e), e);
        } finally {
            local.unlock();
        }
    }

    private AuditHead readHeadQuietly() {
        try {
            return AuditHead.read(headFile());
        } catch (IOException e) {
            return null;
        }
    }

    private List<String> lines() throws IOException {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
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

    private static Set<OpenOption> createOptions() {
        return Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** The link of a line written before the chain was keyed. */
    static String sha256(String line) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
