package io.raylog.tail;

import io.raylog.record.PodMetadata;
import java.nio.file.Path;

/**
 * A directory to tail: where raylog sees it ({@code hostDir}) and where the Ray container sees it
 * ({@code containerDir}, e.g. {@code /tmp/ray}), so records can carry the path as Ray users know it.
 *
 * @param pod the metadata every record of its files carries; null when there is none
 * @param layout a Ray temp dir (files under {@code session_*&#47;logs/}) or a kubelet container log directory
 *     ({@code <container>/0.log}, CRI format)
 */
public record TailRoot(Path hostDir, String containerDir, PodMetadata pod, Layout layout) {

  /** How the files of a root are laid out. */
  public enum Layout {
    /** Ray's temp dir: {@code session_*&#47;logs/**}. */
    RAY_TEMP_DIR,
    /** The kubelet's log directory of one container: {@code 0.log}, rotated {@code 0.log.<time>}, gzipped ones. */
    CONTAINER_LOGS
  }

  public TailRoot(Path hostDir, String containerDir) {
    this(hostDir, containerDir, null, Layout.RAY_TEMP_DIR);
  }

  /** A root seen the same way by raylog and by Ray (static mode). */
  public static TailRoot local(Path dir) {
    return local(dir, null);
  }

  /** A root seen the same way by raylog and by Ray (static mode), with the metadata of the pod it runs in. */
  public static TailRoot local(Path dir, PodMetadata pod) {
    Path absolute = dir.toAbsolutePath().normalize();
    return new TailRoot(absolute, absolute.toString(), pod, Layout.RAY_TEMP_DIR);
  }
}
