package io.raylog.retention;

import io.raylog.tail.TailRoot;
import java.nio.file.Path;
import java.util.List;

/**
 * The hostPath directories of Ray pods that were deleted (Kubernetes mode), as discovery knows them. raylog follows
 * their files until every one is shipped; retention deletes their sessions after {@code retention.dead_pod_grace}, once
 * every file in them is acknowledged.
 *
 * <p>Thread-safety: implementations may be called from any thread.
 */
public interface DeadPods {
  /** A deleted pod's Ray temp dir, and when the pod was seen deleted (wall clock, so it survives restarts). */
  record Departed(TailRoot root, long sinceMillis) {}

  /** None: static mode, where roots never die. */
  DeadPods NONE = new DeadPods() {
    @Override
    public List<Departed> departedRoots() {
      return List.of();
    }

    @Override
    public boolean claimed(Path dir) {
      return false;
    }

    @Override
    public void forget(Path hostDir) {}
  };

  /** The Ray temp dirs (hostPath) of the deleted pods still followed, oldest first. */
  List<Departed> departedRoots();

  /** Whether a pod that exists uses {@code dir}, or a directory inside it or around it: then it is never deleted. */
  boolean claimed(Path dir);

  /** The directory of a deleted pod is done with (shipped, deleted, or gone): raylog stops following it. */
  void forget(Path hostDir);
}
