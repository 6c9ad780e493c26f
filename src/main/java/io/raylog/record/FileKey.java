package io.raylog.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/** A file's identity on the host while it exists: device and inode. Paths change under rotation; this does not. */
public record FileKey(long device, long inode) {

  /** Reads the key of {@code path} without following a symlink. */
  public static FileKey of(Path path) throws IOException {
    Map<String, Object> attributes = Files.readAttributes(path, "unix:dev,ino", LinkOption.NOFOLLOW_LINKS);
    return new FileKey(((Number) attributes.get("dev")).longValue(), ((Number) attributes.get("ino")).longValue());
  }

  @Override
  public String toString() {
    return device + ":" + inode;
  }
}
