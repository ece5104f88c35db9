package dev.watchkeeper.app.incidents;

import dev.watchkeeper.model.incident.Incident;
import dev.watchkeeper.model.incident.IncidentMember;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * What the incident list shows: open, resolved or both; one kind or all; those that began within
 * the last {@code within} (null: all); and a text found in the id, title or a member's name.
 */
public record IncidentFilter(Status status, String kind, Duration within, String text) {

    public enum Status {
        ALL("Open and resolved"), OPEN("Open"), RESOLVED("Resolved");

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
        if (status == Status.OPEN && i.resolved() || status == Status.RESOLVED && !i.resolved()) {
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
