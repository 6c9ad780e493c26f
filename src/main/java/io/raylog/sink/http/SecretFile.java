package io.raylog.sink.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secret kept in a file (a mounted Kubernetes Secret, a projected service-account token), read again when the file
 * changes, so a rotated token is used without a restart. Checks the file's modification time, size and identity at
 * most once per {@code checkIntervalNanos}. When the file cannot be read, the last value read stays in use.
 * Never logs the content. Thread-safe.
 */
public final class SecretFile {
  private static final Logger log = LoggerFactory.getLogger(SecretFile.class);

  private final Path path;
  private final long checkIntervalNanos;
  private String value;
  private Object fileKey;
  private FileTime modified;
  private long size = -1;
  private long checkedAtNanos;
  private boolean checked;
  private boolean warned;

  public SecretFile(Path path, long checkIntervalNanos) {
    this.path = path;
    this.checkIntervalNanos = checkIntervalNanos;
  }

  /** The current content, stripped of surrounding whitespace; throws when it was never readable. */
  public synchronized String value(long nowNanos) throws IOException {
    if (!checked || nowNanos - checkedAtNanos >= checkIntervalNanos) {
      checked = true;
      checkedAtNanos = nowNanos;
      refresh();
    }
    if (value == null) {
      throw new IOException("cannot read " + path);
    }
    return value;
  }

  private void refresh() {
    try {
      // Kubernetes swaps a mounted secret through a symlink: the attributes of the target show the change.
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      if (value != null && attributes.lastModifiedTime().equals(modified) && attributes.size() == size
          && java.util.Objects.equals(attributes.fileKey(), fileKey)) {
        return;
      }
      String read = Files.readString(path, StandardCharsets.UTF_8).strip();
      if (read.isEmpty()) {
        throw new IOException("the file is empty");
      }
      if (value != null && !read.equals(value)) {
        log.info("{} changed; using its new content", path);
      }
      value = read;
      modified = attributes.lastModifiedTime();
      size = attributes.size();
      fileKey = attributes.fileKey();
      warned = false;
    } catch (IOException | RuntimeException e) {
      if (!warned) {
        warned = true;
        log.warn("cannot read the secret file {}: {}{}", path, e.getClass().getSimpleName(),
            value == null ? "" : "; the last value read stays in use");
      }
    }
  }
}
