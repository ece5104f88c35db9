package dev.watchkeeper.cli;

/** The CLI's documented exit codes (docs/cli.md). Scripts depend on them: never renumber. */
public final class ExitCodes {

    /** Everything asked for was done (and, for commands, confirmed by the observed state). */
    public static final int OK = 0;
    /** A command failed, was refused (read-only, missing --yes), was not confirmed in time, or the indexer is unknown. */
    public static final int FAILED = 1;
    /** Bad usage: unknown option, missing argument, malformed value. */
    public static final int USAGE = 2;
    /** The coordinator or Redis could not be reached. */
    public static final int CONNECTION = 3;

    private ExitCodes() {
    }
}
