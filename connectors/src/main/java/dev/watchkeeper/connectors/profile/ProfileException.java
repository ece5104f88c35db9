package dev.watchkeeper.connectors.profile;

/** A profile that cannot be used as written; the message says which profile and field, never a secret. */
public final class ProfileException extends IllegalArgumentException {

    public ProfileException(String message) {
        super(message);
    }

    public ProfileException(String message, Throwable cause) {
        super(message, cause);
    }
}
