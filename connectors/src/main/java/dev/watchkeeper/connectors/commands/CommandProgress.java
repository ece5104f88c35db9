package dev.watchkeeper.connectors.commands;

/** Where a running command is, before its outcome: for "pending" displays. */
public enum CommandProgress {
    /** The request is on its way to the coordinator. */
    SENDING,
    /** The coordinator accepted it; waiting for the observed state to confirm. */
    WAITING_FOR_STATE,
    /** No answer within the deadline; watching the observed state to see whether it took effect. */
    WATCHING_UNKNOWN
}
