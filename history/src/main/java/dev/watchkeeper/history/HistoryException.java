package dev.watchkeeper.history;

/** The history store cannot be opened, read or written; the message says which store and why. */
public final class HistoryException extends RuntimeException {

    public HistoryException(String message) {
        super(message);
    }

    public HistoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
