package io.raylog.sink.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/** A file's identity on the host, {@code device:inode}, as the tailer writes it. */
final class FileIds {
  private FileIds() {}

  static String of(Path path) throws IOException {
    Map<String, Object> attributes = Files.readAttributes(path, "unix:dev,ino", LinkOption.NOFOLLOW_LINKS);
    return ((Number) attributes.get("dev")).longValue() + ":" + ((Number) attributes.get("ino")).longValue();
  }
}
