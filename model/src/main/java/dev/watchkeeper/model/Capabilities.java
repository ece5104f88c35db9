package dev.watchkeeper.model;

import java.util.EnumMap;
import java.util.Map;

/**
 * What the connected coordinator can do. An upstream coordinator implements Enable/Disable only;
 * the operator extension adds Repair, Delete, Restart. Each missing command carries the reason
 * shown to the user.
 */
public record Capabilities(Map<CommandKind, String> unsupported, boolean readOnly) {

    public Capabilities {
        unsupported = Map.copyOf(unsupported);
    }

    /** Until detection finished: Enable/Disable assumed, extension commands not yet known. */
    public static Capabilities detecting() {
        Map<CommandKind, String> m = new EnumMap<>(CommandKind.class);
        for (CommandKind k : new CommandKind[]{CommandKind.REPAIR, CommandKind.RESTART, CommandKind.DELETE}) {
            m.put(k, "checking whether the coordinator implements " + k.label() + "…");
        }
        return new Capabilities(m, false);
    }

    public static Capabilities all() {
        return new Capabilities(Map.of(), false);
    }

    /** Null when the coordinator (and profile) allow {@code kind}, else why not. */
    public String unsupportedReason(CommandKind kind) {
        if (readOnly) {
            return "this connection profile is read-only";
        }
        return unsupported.get(kind);
    }

    public Capabilities withReadOnly(boolean ro) {
        return new Capabilities(unsupported, ro);
    }
}
