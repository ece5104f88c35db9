package dev.watchkeeper.app.incidents;

import dev.watchkeeper.model.incident.Incident;
import dev.watchkeeper.model.incident.IncidentMember;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * What the incident list shows: open, resolved, no longer observed or all; one kind or all; those that began within
 * the last {@code within} (null: all); and a text found in the id, title or a member's name.
 */
public record IncidentFilter(Status status, String kind, Duration within, String text) {

    public enum Status {
        ALL("All"), OPEN("Open"), RESOLVED("Resolved"),
        /** Open when the console or recorder that grouped it stopped: whether it ended is unknown. */
        UNOBSERVED("Not observed");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public static IncidentFilter all() {
        return new IncidentFilter(Status.ALL, null, null, "");
    }

    public boolean test(Incident i, Instant now) {
        if (status == Status.OPEN && !i.open() || status == Status.RESOLVED && !i.resolved()
                || status == Status.UNOBSERVED && !i.unobserved()) {
            return false;
        }
        if (kind != null && !kind.equals(i.kind())) {
            return false;
        }
        if (within != null && i.start().isBefore(now.minus(within))) {
            return false;
        }
        if (text == null || text.isBlank()) {
            return true;
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (i.id().toLowerCase(Locale.ROOT).contains(t) || i.title().toLowerCase(Locale.ROOT).contains(t)) {
            return true;
        }
        for (IncidentMember m : i.members()) {
            if (m.problem().subject().toLowerCase(Locale.ROOT).contains(t)) {
                return true;
            }
        }
        return false;
    }
}
