package dev.watchkeeper.model;

/** How a source is doing, as shown in the status bar. */
public enum ConnectionState {
    /** Not set up in the profile: its data shows as unknown. */
    NOT_CONFIGURED,
    CONNECTING,
    CONNECTED,
    /** Lost; retrying with backoff. */
    RECONNECTING,
    /** Given up or refused (e.g. bad credentials); needs the operator. */
    DOWN
}
