package io.raylog.sink.history;

/**
 * What the history sink's logic needs from its configuration.
 *
 * @param prefix the History Server's root dir inside the bucket ({@code ""}: the bucket's root)
 * @param uploadIntervalNanos how often a growing file's object is brought up to date
 * @param nodeIdWaitNanos how long a session's files wait for the raylet's node id before going under the pod's name
 * @param idleCloseNanos how long a file uploaded whole stays open without new records
 */
public record HistorySettings(String prefix, long uploadIntervalNanos, long nodeIdWaitNanos, long idleCloseNanos,
    UploadPlan.Limits limits) {}
