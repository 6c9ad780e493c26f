package io.raylog.retention;

import io.raylog.tail.TailRoot;
import java.nio.file.Path;
import java.util.List;

/**
 * The hostPath directories of Ray pods that were deleted (Kubernetes mode), as discovery knows them. Retention deletes
 * their sessions after {@code retention.dead_pod_grace}, once every file in them is acknowledged.
 *
 * <p>Thread-safety: implementations may be called from any thread.
 */
public interface DeadPods {
  /** None: static mode, where roots never die. */
  DeadPods NONE = new DeadPods() {
    @Override
    public List<TailRoot> departedRoots() {
      return List.of();
    }

    @Override
    public boolean claimed(Path dir) {
      return false;
    }

    @Override
    public void forget(Path hostDir) {}
  };

  /** The Ray temp dirs (hostPath) of the pods deleted since raylog started, oldest first. */
  List<TailRoot> departedRoots();

  /** Whether a pod that exists uses {@code dir}, or a directory inside it or around it: then it is never deleted. */
  boolean claimed(Path dir);

  /** Retention is done with the directory of a deleted pod (deleted, or it is gone). */
  void forget(Path hostDir);
}
