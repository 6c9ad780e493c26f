package io.raylog.tail;

import java.nio.file.Path;

/**
 * Which files of a kubelet container log directory are text to follow. The kubelet writes {@code 0.log} (the
 * number is the restart count), rotates it by renaming it to {@code 0.log.<yyyymmdd-hhmmss>} (raylog follows the
 * rename through the open descriptor, as for any rotation) and later compresses that to {@code .gz} through a
 * {@code .tmp} file: compressed copies hold lines already read from the uncompressed file, so they are skipped.
 */
final class ContainerLogNames {
  private ContainerLogNames() {}

  static boolean isReadable(Path file) {
    String name = file.getFileName().toString();
    return !name.endsWith(".gz") && !name.endsWith(".tmp");
  }
}
