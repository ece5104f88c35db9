package dev.watchkeeper.cli;

/** Ends a CLI command with a message for the operator and one of the {@link ExitCodes}. */
public final class CliFailure extends RuntimeException {

    private final int exitCode;

    public CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public static CliFailure connection(String message) {
        return new CliFailure(ExitCodes.CONNECTION, message);
    }

    public static CliFailure failed(String message) {
        return new CliFailure(ExitCodes.FAILED, message);
    }

    public static CliFailure usage(String message) {
        return new CliFailure(ExitCodes.USAGE, message);
    }
}
