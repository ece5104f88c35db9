package dev.watchkeeper.model;

import java.util.Locale;

/** The coordinator's per-indexer lifecycle (control-plane spec §4), plus UNKNOWN for anything else. */
public enum LifecycleState {
    INITIALIZING("Initializing"),
    RUNNING("Running"),
    SUSPENDING("Suspending"),
    SUSPENDED("Suspended"),
    REPAIRING("Repairing"),
    DELETING("Deleting"),
    DELETED("Deleted"),
    /** A string this console does not know; the raw text is kept next to it. */
    UNKNOWN("Unknown");

    private final String wire;

    LifecycleState(String wire) {
        this.wire = wire;
    }

    /** The string the coordinator writes to Redis. */
    public String wire() {
        return wire;
    }

    public String label() {
        return wire;
    }

    /**
     * Maps a Redis lifecycle string to a state. Older coordinators wrote Stopping/Stopped for what
     * is now Suspending/Suspended. Anything else, null included, is UNKNOWN.
     */
    public static LifecycleState fromWire(String s) {
        if (s == null) {
            return UNKNOWN;
        }
        return switch (s) {
            case "Initializing" -> INITIALIZING;
            case "Running" -> RUNNING;
            case "Suspending", "Stopping" -> SUSPENDING;
            case "Suspended", "Stopped" -> SUSPENDED;
            case "Repairing" -> REPAIRING;
            case "Deleting" -> DELETING;
            case "Deleted" -> DELETED;
            default -> UNKNOWN;
        };
    }

    /** True for a string that older coordinators wrote. */
    public static boolean isLegacy(String s) {
        return "Stopping".equals(s) || "Stopped".equals(s);
    }

    /** Transitional states an indexer should leave within seconds; staying in them is a problem. */
    public boolean isTransitional() {
        return this == INITIALIZING || this == SUSPENDING || this == DELETING;
    }

    public String cssName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
