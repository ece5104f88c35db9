package dev.watchkeeper.model.incident;

import java.time.Duration;
import java.time.Instant;

/** One problem of an incident, with when it began and when it recovered (null while it lasts). */
public record IncidentMember(Problem problem, Instant end) {

    public Instant start() {
        return problem.start();
    }

    public boolean recovered() {
        return end != null;
    }

    /** How long it lasted, or has lasted until {@code now}. */
    public Duration duration(Instant now) {
        Instant to = end == null ? now : end;
        return to.isBefore(start()) ? Duration.ZERO : Duration.between(start(), to);
    }
}
