package dev.watchkeeper.model;

/** One executor as the runner reports it. */
public record ExecutorStatus(IndexerId id, String executorId, long version, ExecutorHealth health) {
}
