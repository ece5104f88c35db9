package dev.watchkeeper.bench.soak;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the log lines written to System.err (slf4j-simple: "[thread] LEVEL logger - message"):
 * WARN lines by kind (the logger and the message with its numbers blanked out), ERROR lines and
 * uncaught exceptions, on any thread. Kinds are capped so a flood of distinct messages cannot grow
 * the heap being measured.
 */
final class LogLines {

    private static final Pattern LINE = Pattern.compile("^\\[[^\\]]*\\] (WARN|ERROR) (\\S+) - (.*)$");
    private static final Pattern NUMBERS = Pattern.compile("[0-9]+");
    private static final int MAX_KINDS = 200;

    private final Map<String, long[]> warnKinds = new LinkedHashMap<>();
    private final AtomicLong warns = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final List<String> firstErrors = new ArrayList<>();

    /** Tees System.err through the counter and counts uncaught exceptions. */
    LogLines install() {
        PrintStream original = System.err;
        System.setErr(new PrintStream(new OutputStream() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public synchronized void write(int b) {
                original.write(b);
                if (b == '\n') {
                    accept(line.toString());
                    line.setLength(0);
                } else if (line.length() < 2000) {
                    line.append((char) b);
                }
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                for (int i = off; i < off + len; i++) {
                    write(b[i]);
                }
            }
        }, true, StandardCharsets.UTF_8));
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            String where = "uncaught in " + t.getName() + ": " + e + where(e);
            error(where);
            if (fullTraces.getAndIncrement() < 3) {
                // the first few whole, down to what started it: twelve frames rarely reach the caller
                original.println("uncaught in " + t.getName() + ": " + fullTrace(e));
            } else {
                original.println(where);
            }
        });
        return this;
    }

    private final java.util.concurrent.atomic.AtomicInteger fullTraces = new java.util.concurrent.atomic.AtomicInteger();

    void accept(String line) {
        Matcher m = LINE.matcher(line);
        if (m.matches()) {
            if (m.group(1).equals("WARN")) {
                warns.incrementAndGet();
                String kind = shortName(m.group(2)) + ": " + kindOf(m.group(3));
                synchronized (warnKinds) {
                    long[] n = warnKinds.get(kind);
                    if (n != null) {
                        n[0]++;
                    } else if (warnKinds.size() < MAX_KINDS) {
                        warnKinds.put(kind, new long[]{1});
                    } else {
                        warnKinds.computeIfAbsent("(other kinds)", k -> new long[1])[0]++;
                    }
                }
            } else {
                error(line);
            }
        } else if (line.startsWith("Exception in thread")) {
            error(line);
        }
    }

    /** Every frame of the exception and its causes. */
    static String fullTrace(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable x = e; x != null; x = x.getCause() == x ? null : x.getCause()) {
            s.append(x == e ? "" : "\ncaused by: ").append(x);
            for (StackTraceElement f : x.getStackTrace()) {
                s.append("\n    at ").append(f);
            }
        }
        return s.toString();
    }

    /** The innermost cause's first frames, so the summary says where an uncaught exception came from. */
    static String where(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        StringBuilder s = new StringBuilder(root == e ? "" : " (cause: " + root + ")");
        StackTraceElement[] frames = root.getStackTrace();
        for (int i = 0; i < Math.min(12, frames.length); i++) {
            s.append("\n    at ").append(frames[i]);
        }
        return s.toString();
    }

    private void error(String line) {
        errors.incrementAndGet();
        synchronized (firstErrors) {
            if (firstErrors.size() < 10) {
                firstErrors.add(line);
            }
        }
    }

    /** The message's first 100 characters with numbers (ports, counts, times) blanked: one kind per cause. */
    static String kindOf(String message) {
        String s = NUMBERS.matcher(message).replaceAll("#");
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }

    private static String shortName(String logger) {
        return logger.substring(logger.lastIndexOf('.') + 1);
    }

    long warns() {
        return warns.get();
    }

    long errors() {
        return errors.get();
    }

    List<String> firstErrors() {
        synchronized (firstErrors) {
            return List.copyOf(firstErrors);
        }
    }

    /** WARN kinds with their counts, most frequent first. */
    Map<String, Long> warnKinds() {
        Map<String, Long> out = new LinkedHashMap<>();
        synchronized (warnKinds) {
            warnKinds.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                    .forEach(e -> out.put(e.getKey(), e.getValue()[0]));
        }
        return out;
    }
}
