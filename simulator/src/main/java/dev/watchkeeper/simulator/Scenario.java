package dev.watchkeeper.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fault script: one step a line, {@code <time> <action> [argument]}, blank lines and
 * {@code #} comments ignored. Times are upstream time since start ({@code 90}, {@code 90s},
 * {@code 1500ms}, {@code 2m}) and pass faster with the time factor. See simulator/README.md.
 * <pre>
 * 10s  stall-stream       morgs.near/social_feed
 * 20s  executor-failing   #3
 * 30s  fail-provisioning  random
 * 40s  slow-coordinator   2s
 * 60s  kill-coordinator
 * 90s  revive-coordinator
 * 2m   restart-redis
 * 3m   chaos              7 0.5
 * 5m   clear-all
 * 6m   incident           lake-outage
 * </pre>
 */
public record Scenario(List<Step> steps) {

    /** Actions taking an indexer: {@code account/function} (may contain spaces), {@code #N} (N-th registered, from 0) or {@code random}. */
    public enum Action {
        STALL_STREAM(true), EXECUTOR_FAILING(true), EXECUTOR_STALLED(true), FAIL_PROVISIONING(true), CLEAR(true),
        CLEAR_ALL(false), SLOW_COORDINATOR(false), KILL_COORDINATOR(false), REVIVE_COORDINATOR(false),
        RESTART_REDIS(false), CHAOS(false), STOP_CHAOS(false), CHURN(false), SNAPSHOTTER_INACTIVE(false),
        SNAPSHOTTER_ACTIVE(false), FREEZE_STREAM_HEALTH(true), DELETE_IN_REGISTRY(true), CORRUPT_STATE(true),
        DANGLING_MEMBER(false), INCIDENT(false);

        final boolean needsIndexer;

        Action(boolean needsIndexer) {
            this.needsIndexer = needsIndexer;
        }

        String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public record Step(Duration at, Action action, String argument, int line) {
    }

    private static final Pattern LINE = Pattern.compile("^(\\S+)\\s+(\\S+)\\s*(.*)$");

    public Scenario {
        steps = List.copyOf(steps);
    }

    public static Scenario read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    /** Parses a script; IllegalArgumentException names the line of the first mistake. */
    public static Scenario parse(String text) {
        List<Step> steps = new ArrayList<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected '<time> <action> [argument]': " + line);
            }
            Duration at = duration(m.group(1), i + 1);
            Action action = action(m.group(2), i + 1);
            String arg = m.group(3).strip();
            validate(action, arg, i + 1);
            steps.add(new Step(at, action, arg, i + 1));
        }
        steps.sort(java.util.Comparator.comparing(Step::at));
        return new Scenario(steps);
    }

    static Duration duration(String s, int line) {
        Matcher m = Pattern.compile("^(\\d+(?:\\.\\d+)?)(ms|s|m|h)?$").matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("line " + line + ": not a time: " + s + " (use 90, 90s, 1500ms, 2m or 1h)");
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double ms = switch (unit) {
            case "ms" -> v;
            case "m" -> v * 60_000;
            case "h" -> v * 3_600_000;
            default -> v * 1000;
        };
        return Duration.ofMillis((long) ms);
    }

    private static Action action(String word, int line) {
        for (Action a : Action.values()) {
            if (a.word().equals(word.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException("line " + line + ": unknown action " + word);
    }

    private static void validate(Action action, String arg, int line) {
        if (action.needsIndexer && arg.isEmpty()) {
            throw new IllegalArgumentException("line " + line + ": " + action.word() + " needs an indexer (account/function, #N or random)");
        }
        try {
            switch (action) {
                case SLOW_COORDINATOR -> duration(arg, line);
                case DANGLING_MEMBER -> {
                    if (arg.isEmpty() || !arg.contains("/")) {
                        throw new IllegalArgumentException("line " + line + ": dangling-member needs an unregistered account/function");
                    }
                }
                case CHURN -> Double.parseDouble(arg);
                case INCIDENT -> {
                    try {
                        IncidentScenario.parse(arg);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("line " + line + ": " + e.getMessage(), e);
                    }
                }
                case CHAOS -> {
                    String[] p = arg.split("\\s+");
                    if (p.length != 2) {
                        throw new IllegalArgumentException("line " + line + ": chaos needs '<seed> <faults per second>'");
                    }
                    Long.parseLong(p[0]);
                    Double.parseDouble(p[1]);
                }
                default -> {
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + line + ": bad number in '" + arg + "'");
        }
    }
}
