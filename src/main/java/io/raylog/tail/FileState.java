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
 * DRAINING   read to its end, or tail.deleted_file_grace over CLOSED
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
  /** Done: no descriptor, no longer followed. */
  CLOSED;

  boolean holdsDescriptor() {
    return this == FOLLOWING || this == DRAINING;
  }
}
