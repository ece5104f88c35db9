package dev.watchkeeper.connectors.logs;

/** Reading an indexer's logs failed; {@link #problem()} says whether retrying can help. */
public final class LogSourceException extends RuntimeException {

    public enum Problem {
        /** The account has no database on the server (never provisioned, or another server). */
        NO_DATABASE,
        /** The database has no schema (or no {@code sys_logs}) for this indexer. */
        NO_SCHEMA,
        /** The server could not be reached or stopped answering: worth retrying. */
        UNREACHABLE,
        /** The server refused the login or the read. */
        REFUSED,
        /** Anything else the server said. */
        FAILED
    }

    private final Problem problem;

    public LogSourceException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public boolean retryable() {
        return problem == Problem.UNREACHABLE;
    }
}
