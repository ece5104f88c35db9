package dev.watchkeeper.bench.check;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The whole of {@code bench/check} against its own limit: the build and every profile, from the
 * script's start to the last profile's end, under 15 minutes. Written only when every profile
 * ran, so that a run of a few profiles does not stand for the whole.
 *
 * <pre>CheckDuration RESULTS_JSON STARTED_EPOCH_SECONDS LOAD_AVERAGE_THEN</pre>
 */
public final class CheckDuration {

    static final String PROFILE = "bench-check";
    static final double LIMIT_MINUTES = 15;

    private CheckDuration() {
    }

    public static void main(String[] args) {
        Instant started = Instant.ofEpochSecond(Long.parseLong(args[1]));
        double minutes = Duration.between(started, Instant.now()).toMillis() / 60_000.0;
        new Results(PROFILE, "bench/check itself: the offline build and every profile above, one after the other,"
                + " from the script's start to the last profile's end")
                .startedAt(started, args[2])
                .target(Target.below("bench/check, every profile, wall time", Math.round(minutes * 100) / 100.0, "min", LIMIT_MINUTES))
                .write(Path.of(args[0]));
    }
}
