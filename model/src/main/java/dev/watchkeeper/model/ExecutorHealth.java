package dev.watchkeeper.model;

/**
 * Executor health (runner.ExecutionState, control-plane spec §3), plus UNKNOWN when the runner is
 * not configured, unreachable, or has no executor for the indexer.
 */
public enum ExecutorHealth {
    UNKNOWN, UNSPECIFIED, RUNNING, FAILING, WAITING, STOPPED, STALLED, IDLE;

    public static ExecutorHealth fromProtoNumber(int n) {
        return switch (n) {
            case 0 -> UNSPECIFIED;
            case 1 -> RUNNING;
            case 2 -> FAILING;
            case 3 -> WAITING;
            case 4 -> STOPPED;
            case 5 -> STALLED;
            case 6 -> IDLE;
            default -> UNKNOWN;
        };
    }
}
