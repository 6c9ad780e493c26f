package io.raylog.retention;

import io.raylog.parse.RayFileNames;
import io.raylog.tail.SessionDir;
import io.raylog.tail.TailRoot;
import java.nio.file.Path;

/**
 * What a followed file is to retention: whether a live process may still write it, and if not, why not. The rules
 * ({@code docs/how-it-works.md}, "Retention"), in order:
 *
 * <ol>
 *   <li>a file of a deleted pod's directory (Kubernetes, hostPath) is {@link #DEAD_POD}: the pod's processes are gone;
 *   <li>a file under {@code logs/old/} is {@link #OLD}: Ray's log monitor moves a worker's files there once the worker
 *       died;
 *   <li>a rotated backup ({@code x.log.N}; {@code x.N.log} of Ray ≤ 2.40's core-worker and event logs) is
 *       {@link #ROTATED}: the writer renamed it away and writes a new file. Restart names ({@code raylet.1.out},
 *       {@code gcs_server.2.err}) are not rotations: they are the current files of a restarted process;
 *   <li>a file of a session that is neither the newest {@code session_*} of its root nor the target of
 *       {@code session_latest} is {@link #EARLIER_SESSION}: a Ray temp dir has one running Ray at a time (one per pod;
 *       a container restart starts a new session and the old one's processes are dead);
 *   <li>anything else is {@link #LIVE}, and never deleted: the current {@code raylet.out}, every worker's files in the
 *       current session (raylog cannot see from the host whether a worker process still runs).
 * </ol>
 *
 * A kubelet container log root is never retention's: the kubelet rotates and deletes those files.
 */
public enum FileKind {
  DEAD_POD,
  OLD,
  ROTATED,
  EARLIER_SESSION,
  LIVE;

  /** Whether a live process may still write it. */
  public boolean live() {
    return this == LIVE;
  }

  /**
   * @param currentSession whether {@code session} is the running session of its root
   * @param deadPod whether the root is the directory of a deleted pod
   */
  public static FileKind of(SessionDir session, Path path, boolean currentSession, boolean deadPod) {
    if (session.root().layout() != TailRoot.Layout.RAY_TEMP_DIR || session.session().isEmpty()
        || !path.startsWith(session.logsDir())) {
      return LIVE;
    }
    if (deadPod) {
      return DEAD_POD;
    }
    String relative = session.logsDir().relativize(path).toString().replace('\\', '/');
    if (relative.startsWith("old/")) {
      return OLD;
    }
    if (RayFileNames.classify(relative).rotation() > 0) {
      return ROTATED;
    }
    return currentSession ? LIVE : EARLIER_SESSION;
  }
}
