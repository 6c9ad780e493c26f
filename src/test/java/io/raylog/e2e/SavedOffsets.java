package io.raylog.e2e;

import io.raylog.checkpoint.CheckpointStore;
import io.raylog.checkpoint.FileCheckpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The offsets a restart of raylog would resume from, read while it runs: the snapshot ({@code checkpoints.json}) and
 * the journal segments over it. They are copied first (loading them in place would open the journal beside the
 * running process), then read by the store's own code. A copy taken during a compaction may miss a segment; its
 * offsets are then older, never further than acknowledged, and the callers wait for what they expect.
 */
final class SavedOffsets {
  private SavedOffsets() {}

  /** The saved offset of every file; empty when nothing was saved yet. */
  static List<Long> of(Path stateDir) {
    if (!Files.isDirectory(stateDir)) {
      return List.of();
    }
    try {
      Path copy = Files.createTempDirectory("raylog-saved-offsets");
      try {
        copyIfThere(stateDir.resolve(CheckpointStore.FILE_NAME), copy);
        try (Stream<Path> files = Files.list(stateDir)) {
          for (Path file : files.filter(f -> f.getFileName().toString().startsWith("checkpoints.journal")).toList()) {
            copyIfThere(file, copy);
          }
        }
        CheckpointStore store = new CheckpointStore(copy);
        try {
          return store.load().checkpoints().values().stream().map(FileCheckpoint::offset).toList();
        } finally {
          store.close();
        }
      } finally {
        try (Stream<Path> files = Files.walk(copy)) {
          for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(file);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copyIfThere(Path file, Path directory) throws IOException {
    try {
      Files.copy(file, directory.resolve(file.getFileName()));
    } catch (NoSuchFileException e) {
      // deleted by a compaction meanwhile: its offsets are in the snapshot that replaced it, or older ones apply
    }
  }
}
