package io.raylog.tail;

import io.raylog.config.RaylogConfig;

/** The tail stage's settings, in the units the code uses. Immutable. */
public record TailSettings(
    int maxLineBytes,
    int readChunkBytes,
    long pollIntervalNanos,
    long partialLineTimeoutNanos,
    long deletedFileGraceNanos,
    int maxOpenFiles,
    long scanIntervalNanos,
    boolean readNewFilesFromEndOnFirstStart) {

  /** In Kubernetes mode, new pods trigger a scan at once; the periodic scan is only the backstop to inotify. */
  static final java.time.Duration KUBERNETES_SCAN_INTERVAL = java.time.Duration.ofSeconds(1);

  private static java.time.Duration scanInterval(RaylogConfig.Discovery discovery) {
    return discovery.staticRoots() != null ? discovery.staticRoots().scanInterval() : KUBERNETES_SCAN_INTERVAL;
  }

  public static TailSettings from(RaylogConfig config) {
    RaylogConfig.Tail tail = config.tail();
    return new TailSettings(
        (int) Math.min(Integer.MAX_VALUE - 16, tail.maxLineBytes()),
        tail.readChunkBytes(),
        tail.pollInterval().toNanos(),
        tail.partialLineTimeout().toNanos(),
        tail.deletedFileGrace().toNanos(),
        tail.maxOpenFiles(),
        scanInterval(config.discovery()).toNanos(),
        config.readFrom() == RaylogConfig.ReadFrom.END);
  }
}
