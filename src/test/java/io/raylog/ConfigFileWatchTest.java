package io.raylog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration's directory, watched on a real filesystem: an edit, an editor's replace and a ConfigMap update each
 * say so; the writes of other files in the directory do not.
 */
class ConfigFileWatchTest {
  @TempDir Path dir;

  @Test
  void anEditOfTheFileIsReported() throws Exception {
    Path config = writeConfig();
    AtomicInteger changes = new AtomicInteger();
    try (ConfigFileWatch watch = ConfigFileWatch.start(config, changes::incrementAndGet)) {
      assertThat(watch).as("inotify on Linux").isNotNull();
      Files.writeString(config, "state_dir: /b\n");
      awaitReported(changes);
      assertThat(watch.watching()).isTrue();
    }
  }

  /** The kubelet's update of a ConfigMap volume: a new version's directory, then {@code ..data} swapped to it. */
  @Test
  void aConfigMapUpdateIsReported() throws Exception {
    Files.createDirectories(dir.resolve("..v1"));
    Files.writeString(dir.resolve("..v1/raylog.yaml"), "state_dir: /a\n");
    Files.createSymbolicLink(dir.resolve("..data"), Path.of("..v1"));
    Path config = Files.createSymbolicLink(dir.resolve("raylog.yaml"), Path.of("..data/raylog.yaml"));
    AtomicInteger changes = new AtomicInteger();
    try (ConfigFileWatch watch = ConfigFileWatch.start(config, changes::incrementAndGet)) {
      assertThat(watch).isNotNull();
      Files.createDirectories(dir.resolve("..v2"));
      Files.writeString(dir.resolve("..v2/raylog.yaml"), "state_dir: /b\n");
      Path next = Files.createSymbolicLink(dir.resolve("..data_tmp"), Path.of("..v2"));
      Files.move(next, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      awaitReported(changes);
    }
  }

  /** Editors save by writing a temporary file and renaming it over the original. */
  @Test
  void aReplaceByRenameIsReported() throws Exception {
    Path config = writeConfig();
    AtomicInteger changes = new AtomicInteger();
    try (ConfigFileWatch watch = ConfigFileWatch.start(config, changes::incrementAndGet)) {
      assertThat(watch).isNotNull();
      Path saved = Files.writeString(dir.resolve(".raylog.yaml.swp"), "state_dir: /b\n");
      Files.move(saved, config, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      awaitReported(changes);
    }
  }

  /**
   * A file sink writing beside the configuration (the benchmark did, and a quick start might): hundreds of writes,
   * none of which asks for a comparison; an edit of the file after them still does (once or twice: its truncation and
   * its write may come as two events).
   */
  @Test
  void writesOfOtherFilesInTheDirectoryAreNotReported() throws Exception {
    Path config = writeConfig();
    AtomicInteger changes = new AtomicInteger();
    try (ConfigFileWatch watch = ConfigFileWatch.start(config, changes::incrementAndGet)) {
      assertThat(watch).isNotNull();
      Path records = dir.resolve("records.ndjson");
      for (int i = 0; i < 300; i++) {
        Files.writeString(records, "{\"message\":\"line " + i + "\"}\n", StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
        Thread.sleep(1); // one event at a time, each its own wake-up of the watch (as a sink's batches are)
      }
      Files.writeString(config, "state_dir: /b\n");
      awaitReported(changes);
      Thread.sleep(200); // any event of the records' writes still queued would have been handled by now
      assertThat(changes.get()).as("comparisons asked for").isBetween(1, 3);
    }
  }

  private Path writeConfig() throws java.io.IOException {
    return Files.writeString(dir.resolve("raylog.yaml"), "state_dir: /a\n");
  }

  private static void awaitReported(AtomicInteger changes) {
    await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() >= 1);
  }
}
