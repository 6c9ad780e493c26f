package io.raylog.checkpoint;

import java.util.List;
import java.util.function.Supplier;

/**
 * What the {@link Checkpointer} saves: the committed offsets of the followed files. The wiring implements it over
 * the tailer, so that this package does not depend on the one that reads the files.
 */
public interface CheckpointSource {
  /** Every followed file's checkpoint, for a snapshot. Any thread. */
  List<FileCheckpoint> all();

  /**
   * The checkpoints whose committed offset moved since the previous call, for the journal. Called by one thread at
   * a time: it remembers what it returned.
   */
  List<FileCheckpoint> changed();

  static CheckpointSource of(Supplier<List<FileCheckpoint>> all, Supplier<List<FileCheckpoint>> changed) {
    return new CheckpointSource() {
      @Override
      public List<FileCheckpoint> all() {
        return all.get();
      }

      @Override
      public List<FileCheckpoint> changed() {
        return changed.get();
      }
    };
  }
}
