package dev.watchkeeper.model.incident;

/** What changed about an incident in one update: worth one notification for OPENED and RESOLVED. */
public record IncidentEvent(Type type, Incident incident) {

    public enum Type {
        /** The group reached the minimum size: a new incident. */
        OPENED,
        /** More members joined, or some recovered. */
        CHANGED,
        /** Every member recovered. */
        RESOLVED
    }
}
