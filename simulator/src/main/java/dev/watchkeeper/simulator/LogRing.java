package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.proto.indexer.LogLevel;
import dev.watchkeeper.connectors.proto.indexer.LogLine;

import java.util.ArrayList;
import java.util.List;

/**
 * The last N log lines of one indexer. Per-block lines are stored as a kind code plus the block
 * height and rendered only when read, so 10,000 indexers logging every block stay cheap.
 */
final class LogRing {

    static final byte TEXT = 0;
    static final byte FETCHED = 1;
    static final byte PROCESSING = 2;
    static final byte PROCESSED_BATCH = 3;

    private final long[] time;
    private final long[] block;
    private final byte[] level;
    private final byte[] kind;
    private final String[] text;
    /** Lines written since creation; line {@code n} lives at {@code n % capacity}. */
    private long written;

    LogRing(int capacity) {
        time = new long[capacity];
        block = new long[capacity];
        level = new byte[capacity];
        kind = new byte[capacity];
        text = new String[capacity];
    }

    synchronized void add(long timeMillis, LogLevel lvl, byte k, long height, String message) {
        int i = (int) (written % time.length);
        time[i] = timeMillis;
        block[i] = height;
        level[i] = (byte) lvl.getNumber();
        kind[i] = k;
        text[i] = message;
        written++;
    }

    void text(long timeMillis, LogLevel lvl, long height, String message) {
        add(timeMillis, lvl, TEXT, height, message);
    }

    synchronized long written() {
        return written;
    }

    /** Lines read, and the number to read from next time. */
    record Batch(List<LogLine> lines, long next) {
    }

    /** Lines numbered {@code from} (inclusive) on that are still kept and at or above {@code min}. */
    synchronized Batch read(long from, LogLevel min) {
        long first = Math.max(from, written - time.length);
        List<LogLine> out = new ArrayList<>((int) Math.max(0, written - first));
        for (long n = first; n < written; n++) {
            int i = (int) (n % time.length);
            if (level[i] >= min.getNumber()) {
                out.add(LogLine.newBuilder().setTimestampUnixMs(time[i]).setLevel(LogLevel.forNumber(level[i]))
                        .setMessage(render(kind[i], block[i], text[i])).setBlockHeight(block[i]).build());
            }
        }
        return new Batch(out, written);
    }

    private static String render(byte kind, long height, String text) {
        return switch (kind) {
            case FETCHED -> "Fetched block " + height + " from near-lake-data-mainnet (" + (3 + height % 17) + " receipts)";
            case PROCESSING -> "Processing block " + height;
            case PROCESSED_BATCH -> "Processed blocks " + (height - 9) + ".." + height + " in " + (40 + height % 160) + " ms";
            default -> text;
        };
    }
}
