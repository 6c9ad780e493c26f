package io.raylog.tail;

/**
 * Where a followed file is in its life. The transitions are {@link TailedFile}'s, each checked there:
 *
 * <pre>
 * from       event                                            to
 * (found)    opened at its start position                     FOLLOWING
 * FOLLOWING  idle for tail.close_inactive, or its descriptor  RELEASED   (only when read to its end, every
 *            is needed by another file                                   line read shipped)
 * RELEASED   grew, was renamed, truncated (an event, a scan)  FOLLOWING  (same identity, same offset)
 * FOLLOWING  gone from the tree (deleted, its pod removed)    DRAINING
 * DRAINING   seen again (it was only moved out of sight)      FOLLOWING
 * DRAINING   bytes no sink acknowledged yet, and the spool    SPOOLED    (the unacknowledged rest copied into the
 *            has room for them                                           spool, the descriptor closed)
 * DRAINING   read to its end with every byte acknowledged,    CLOSED     (what was unread is counted dropped:
 *            or tail.deleted_file_grace over (not spooled)               spool_full, or deleted_before_read
 *                                                                        when spooling is off)
 * SPOOLED    read to its end, every byte acknowledged         CLOSED     (the copy deleted)
 * SPOOLED    dropped from a spool over spool.max_bytes        CLOSED     (its unread bytes counted: spool_full)
 * (restart)  a copy found in the spool                        SPOOLED
 * RELEASED   gone from the tree                               CLOSED     (nothing was unread when released)
 * any        raylog stops                                     CLOSED
 * </pre>
 */
enum FileState {
  /** Open: a descriptor is held, growth is read as it comes. */
  FOLLOWING,
  /** No descriptor; identity (device, inode, fingerprint) and read offset kept, reopened when it changes. */
  RELEASED,
  /** Deleted (or under a root that went away), read to its end through the descriptor still held. */
  DRAINING,
  /**
   * Deleted with bytes no sink had acknowledged: those are copied into the spool under {@code state_dir}, the
   * descriptor is closed, and the file is read on from the copy (no descriptor of the original held).
   */
  SPOOLED,
  /** Done: no descriptor, no longer followed. */
  CLOSED;

  boolean holdsDescriptor() {
    return this == FOLLOWING || this == DRAINING;
  }
}
