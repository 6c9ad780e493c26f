package io.raylog.tail;

import java.nio.file.Path;

/**
 * One {@code session_*} folder's {@code logs/} directory under a root; for a container-log root, the root itself
 * with an empty session name. Immutable.
 */
public record SessionDir(TailRoot root, String session, Path logsDir) {
  /** The path of a file under {@code logs/} as the Ray container sees it. */
  public String containerPath(String relativePath) {
    if (session.isEmpty()) {
      return root.containerDir() + "/" + relativePath;
    }
    return root.containerDir() + "/" + session + "/logs/" + relativePath;
  }
}
