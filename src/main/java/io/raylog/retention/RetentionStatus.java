package io.raylog.retention;

import java.util.List;
import java.util.Map;

/**
 * Retention as the status page shows it. Immutable.
 *
 * @param keptBytes bytes of the followed Ray log files after the last run
 * @param maxBytes {@code retention.max_bytes}; 0 for no cap
 * @param overCapBytes how far above the cap the files stay (live files are never deleted)
 * @param heldBackBytes bytes of files due for deletion that not every sink has acknowledged
 * @param heldBackBySink for each sink by name, the bytes of those files it has not acknowledged
 * @param deletedBytesByReason bytes freed since start, by reason
 * @param deadPods the deleted pods' directories waiting, each with why
 * @param lastRunAgoMillis how long ago the last run ended; -1 before the first
 */
public record RetentionStatus(long keptBytes, long maxBytes, long overCapBytes, long heldBackBytes,
    Map<String, Long> heldBackBySink, long deletedFiles, long deletedBytes, Map<String, Long> deletedBytesByReason,
    List<String> deadPods, long lastRunAgoMillis) {}
