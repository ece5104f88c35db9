package dev.watchkeeper.model.incident;

import dev.watchkeeper.model.attention.HumanDuration;

import java.time.Duration;
import java.util.Locale;

/**
 * An incident's title: how many of what, how close together, and the likely cause in plain words.
 * The causes follow what takes many indexers down at once upstream (spec §2-§5); a kind this class
 * does not know gets a neutral title naming the kind.
 */
final class IncidentTitles {

    private IncidentTitles() {
    }

    /**
     * @param span        from the first member's start to the last one's
     * @param heightFrom  lowest last published block among the members, null when not grouped by height
     * @param heightTo    highest last published block
     */
    static String title(String kind, String kindLabel, int n, Duration span, Long heightFrom, Long heightTo,
                        Long epochId, String stateId, String error, String sources) {
        // Seen in the same look (one poll, or problems already present when a one-shot look began): no span to tell.
        String within = span.isZero() ? "together" : "within " + HumanDuration.format(span.plusMillis(999).withNanos(0));
        return switch (kind) {
            case "STALLED_STREAM" -> n + " block streams stalled " + within
                    + (heightFrom == null ? "" : " around block " + number(heightFrom + (heightTo - heightFrom) / 2))
                    + " — likely an upstream data source (NEAR Lake or the RPC) stopped serving blocks";
            case "STALLED_EXECUTOR" -> n + " executors stalled " + within
                    + " — likely a runner host or process died and took its workers with it";
            case "FAILING_EXECUTOR" -> n + " executors started failing " + within
                    + " — likely a dependency they share (database, RPC, Hasura) is failing";
            case "STALE_HEALTH" -> n + " block streams stopped reporting health " + within
                    + " — likely the block streamer is down or overloaded";
            case "REPAIRING" -> n + " indexers entered Repairing " + within
                    + " — likely provisioning is failing (the database or Hasura)";
            case "STUCK_TRANSITION" -> n + " indexers stuck in a transition " + within
                    + " — likely the coordinator's loop is blocked or down";
            case "UNREADABLE_STATE" -> n + " indexers' state values became unreadable " + within
                    + " — likely one writer of another version, or someone editing Redis by hand";
            case "MISSING_STATE" -> n + " indexer_states members lost their state key " + within
                    + " — likely keys deleted in Redis by hand or by an eviction policy (upstream's coordinator will not start)";
            case "UNKNOWN_STATE" -> n + " indexers with unreadable state " + within
                    + " — likely a coordinator of another version, or damaged Redis data";
            case Problem.POOLER_FAILURE -> n + " projects failed " + stateId + " in epoch " + epochId
                    + (error == null || error.isEmpty() ? "" : " with \"" + shorten(readable(error), 80) + "\"")
                    + " — likely " + poolerCause(error);
            case Problem.SOURCE_DOWN -> n + " sources went down " + within + " (" + sources
                    + ") — likely the network or this machine";
            default -> n + " × " + kindLabel + " " + within + " — likely one shared cause";
        };
    }

    private static String poolerCause(String error) {
        String e = error == null ? "" : error.toLowerCase(Locale.ROOT);
        if (e.contains("timeout") || e.contains("timed out") || e.contains("rpc")) {
            return "the chain RPC provider timing out";
        }
        if (e.contains("ipfs") || e.contains("cid")) {
            return "the IPFS node";
        }
        if (e.contains("redis") || e.contains("connection")) {
            return "a connection the snapshotter workers share";
        }
        return "one cause shared by the snapshotter's workers";
    }

    private static final java.util.regex.Pattern EXTRA_INFO = java.util.regex.Pattern.compile("\"extra_info\":\\s*\"([^\"]+)\"");

    /** The pooler's RPC errors are JSON with the request first; its {@code extra_info} says what failed. */
    static String readable(String error) {
        var m = EXTRA_INFO.matcher(error);
        return m.find() ? m.group(1) : error;
    }

    static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
