package dev.watchkeeper.model;

import java.util.EnumMap;
import java.util.Map;

/**
 * What the connected coordinator can do. An upstream coordinator implements Enable/Disable only;
 * the operator extension adds Repair, Delete, Restart. Each missing command carries the reason
 * shown to the user.
 *
 * @param coordinator which kind of coordinator answered (what its lifecycle states mean)
 */
public record Capabilities(Map<CommandKind, String> unsupported, boolean readOnly, CoordinatorKind coordinator) {

    private static final CommandKind[] EXTENSION_COMMANDS = {CommandKind.REPAIR, CommandKind.RESTART, CommandKind.DELETE};

    public Capabilities {
        unsupported = Map.copyOf(unsupported);
        coordinator = coordinator == null ? CoordinatorKind.UNKNOWN : coordinator;
    }

    /** Capabilities of a coordinator whose kind is not known. */
    public Capabilities(Map<CommandKind, String> unsupported, boolean readOnly) {
        this(unsupported, readOnly, CoordinatorKind.UNKNOWN);
    }

    /** Until detection finished: Enable/Disable assumed, extension commands not yet known. */
    public static Capabilities detecting() {
        Map<CommandKind, String> m = new EnumMap<>(CommandKind.class);
        for (CommandKind k : EXTENSION_COMMANDS) {
            m.put(k, "checking whether the coordinator implements " + k.label() + "…");
        }
        return new Capabilities(m, false);
    }

    /** A coordinator with the operator extension: every command. */
    public static Capabilities all() {
        return new Capabilities(Map.of(), false, CoordinatorKind.EXTENSION);
    }

    /** An upstream coordinator (it answered UNIMPLEMENTED for the extension): Repair, Restart, Delete unavailable. */
    public static Capabilities upstream(String reason) {
        Map<CommandKind, String> m = new EnumMap<>(CommandKind.class);
        for (CommandKind k : EXTENSION_COMMANDS) {
            m.put(k, reason);
        }
        return new Capabilities(m, false, CoordinatorKind.UPSTREAM);
    }

    /** Null when the coordinator (and profile) allow {@code kind}, else why not. */
    public String unsupportedReason(CommandKind kind) {
        if (readOnly) {
            return "this connection profile is read-only";
        }
        return unsupported.get(kind);
    }

    public Capabilities withReadOnly(boolean ro) {
        return new Capabilities(unsupported, ro, coordinator);
    }
}
