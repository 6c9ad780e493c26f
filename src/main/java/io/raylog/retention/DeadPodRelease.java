package io.raylog.retention;

import io.raylog.record.FileKey;
import io.raylog.tail.ReadFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With retention off, what becomes of a deleted hostPath pod's directory: raylog follows its files until every one was
 * read to its end and acknowledged by every sink (through sink outages and restarts), then releases it. Its files stay
 * on the node, as they always did without retention; raylog no longer spends a look at them in each scan.
 *
 * <p>Thread-safety: {@link #runOnce} on one thread at a time.
 */
public final class DeadPodRelease {
  private static final Logger log = LoggerFactory.getLogger(DeadPodRelease.class);

  private final DeadPods deadPods;
  private final Consumer<Consumer<ReadFile>> followed;
  private final int sinks;

  /** @param followed every file the tailer follows */
  public DeadPodRelease(DeadPods deadPods, Consumer<Consumer<ReadFile>> followed, int sinks) {
    this.deadPods = deadPods;
    this.followed = followed;
    this.sinks = sinks;
  }

  /** Releases every deleted pod's directory whose files were all shipped, or that is gone. */
  public void runOnce() {
    if (deadPods.departedRoots().isEmpty()) {
      return;
    }
    Map<FileKey, ReadFile> byKey = new HashMap<>();
    followed.accept(file -> byKey.put(file.key(), file));
    for (DeadPods.Departed gone : deadPods.departedRoots()) {
      Path dir = gone.root().hostDir();
      if (deadPods.claimed(dir)) {
        continue; // a pod uses it again: followed for that pod
      }
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        deadPods.forget(dir);
        continue;
      }
      String notYet = DeadPodSessions.unacknowledged(gone.root(), byKey, new long[sinks], new long[1]);
      if (notYet == null) {
        log.info("every file of deleted pod {}'s directory {} is shipped; no longer following it", podName(gone), dir);
        deadPods.forget(dir);
      }
    }
  }

  private static String podName(DeadPods.Departed gone) {
    return gone.root().pod() == null ? "?" : gone.root().pod().namespace() + "/" + gone.root().pod().pod();
  }
}
