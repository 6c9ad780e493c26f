package io.raylog.tail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory replaced by a file, seen from both sides of the scanner: a root (a problem) and a known folder (gone). */
class TreeScannerTest {
  @TempDir Path dir;
  private final List<String> problems = new ArrayList<>();
  private final TreeScanner scanner = new TreeScanner((path, error) -> problems.add(path + " " + error.getClass().getSimpleName()));

  @Test
  void aRootReplacedByAFileIsReportedAsUnreadable() throws IOException {
    Path root = Files.writeString(dir.resolve("ray"), "not a directory");
    assertThat(scanner.sessions(TailRoot.local(root))).isEmpty();
    assertThat(problems).containsExactly(root + " " + NotDirectoryException.class.getSimpleName());
  }

  @Test
  void aFolderWhoseParentWasReplacedByAFileIsGoneNotUnreadable() throws IOException {
    Path root = dir.resolve("ray");
    Path logs = Files.createDirectories(root.resolve("session_1/logs"));
    SessionDir session = new SessionDir(TailRoot.local(root), "session_1", logs);
    deleteTree(root);
    Files.writeString(root, "not a directory");
    List<FoundFile> found = new ArrayList<>();
    // An event for the old logs/ folder arrives after the change: listing it fails with ENOTDIR.
    scanner.list(session, logs, found::add, sub -> {});
    assertThat(found).isEmpty();
    assertThat(problems).as("not a warning: the full scan reports the root once").isEmpty();
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
