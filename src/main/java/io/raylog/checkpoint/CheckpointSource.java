package io.raylog.checkpoint;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the {@link Checkpointer} saves: the committed offsets of the followed files. The wiring implements it over
 * the tailer, so that this package does not depend on the one that reads the files.
 */
public interface CheckpointSource {
  /**
   * Gives every followed file's checkpoint to {@code each}, one at a time, for a snapshot: a node with 200,000 files
   * is written without a list of them. Any thread.
   */
  void all(Consumer<FileCheckpoint> each);

  /**
   * The checkpoints whose committed offset moved since the previous call, for the journal. Called by one thread at
   * a time: it remembers what it returned.
   */
  List<FileCheckpoint> changed();

  static CheckpointSource of(Consumer<Consumer<FileCheckpoint>> all, Supplier<List<FileCheckpoint>> changed) {
    return new CheckpointSource() {
      @Override
      public void all(Consumer<FileCheckpoint> each) {
        all.accept(each);
      }

      @Override
      public List<FileCheckpoint> changed() {
        return changed.get();
      }
    };
  }
}
