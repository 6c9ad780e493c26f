package io.raylog.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raylog.record.FileKey;
import io.raylog.record.Fingerprint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointStoreTest {
  @TempDir Path dir;

  static final FileCheckpoint RAYLET =
      new FileCheckpoint(new FileKey(2049, 131), new Fingerprint(1024, 0xFFFF_FFFFL), 123_456, "/tmp/ray/session_x/logs/raylet.out");

  /** A store loaded from an empty directory that has written a snapshot of {@code checkpoints}. */
  private CheckpointStore snapshotOf(FileCheckpoint... checkpoints) throws Exception {
    CheckpointStore store = new CheckpointStore(dir);
    store.load();
    store.save(List.of(checkpoints));
    return store;
  }

  @Test
  void aMissingStoreIsAFirstStart() throws Exception {
    CheckpointStore.Loaded loaded = new CheckpointStore(dir.resolve("state")).load();
    assertThat(loaded.firstStart()).isTrue();
    assertThat(loaded.checkpoints()).isEmpty();
    assertThat(dir.resolve("state")).isDirectory();
  }

  @Test
  void savesAndLoadsEveryField() throws Exception {
    CheckpointStore store = new CheckpointStore(dir);
    FileCheckpoint empty = new FileCheckpoint(new FileKey(1, 2), Fingerprint.EMPTY, 0, "/tmp/ray/a");
    store.save(List.of(RAYLET, empty));
    CheckpointStore.Loaded loaded = new CheckpointStore(dir).load();
    assertThat(loaded.firstStart()).isFalse();
    assertThat(loaded.checkpoints()).containsEntry(RAYLET.key(), RAYLET).containsEntry(empty.key(), empty);
    assertThat(Files.readString(store.file())).contains("\"version\":1");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).as("no temp file left behind")
          .containsExactlyInAnyOrder(store.file(), store.journalFile());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "\u0000\u0000\u0000", "[]", "{\"version\":1}", "{\"version\":1,\"files\":[{\"device\":1}]}",
      "{\"files\":[]}",
      // truncated in the middle of an entry (a copy cut short, a disk that lost its tail)
      "{\"version\":1,\"files\":[{\"device\":2049,\"inode\":131,\"fingerprint_len"})
  void aCorruptStoreIsMovedAsideAndEveryFileIsReadAgain(String content) throws Exception {
    Files.writeString(dir.resolve(CheckpointStore.FILE_NAME), content);
    CheckpointStore.Loaded loaded = new CheckpointStore(dir).load();
    assertThat(loaded.checkpoints()).isEmpty();
    assertThat(loaded.firstStart()).as("not a first start: read_from end must not skip data").isFalse();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(name -> !name.startsWith(CheckpointJournal.FILE_NAME)))
          .singleElement().asString().startsWith("checkpoints.json.corrupt-");
    }
  }

  @Test
  void aStoreFromANewerRaylogStopsStartUp() throws Exception {
    Files.writeString(dir.resolve(CheckpointStore.FILE_NAME), "{\"version\":2,\"files\":[]}");
    assertThatThrownBy(() -> new CheckpointStore(dir).load())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("newer raylog")
        .hasMessageContaining("version 2");
  }

  @Test
  void anUnusableStateDirIsNamedInTheError() throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    assertThatThrownBy(() -> new CheckpointStore(notADirectory.resolve("state")).load())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("state_dir " + notADirectory.resolve("state"))
        .hasMessageContaining("writable directory");
  }

  // ---- the journal: what kill -9 leaves between two snapshots ----

  static FileCheckpoint at(FileCheckpoint checkpoint, long offset) {
    return new FileCheckpoint(checkpoint.key(), checkpoint.fingerprint(), offset, "", checkpoint.worker());
  }

  static final FileCheckpoint WORKER = new FileCheckpoint(new FileKey(2049, 132), new Fingerprint(1024, 7), 10,
      "/tmp/ray/session_x/logs/worker.out", new io.raylog.parse.WorkerContext("01000000", "Counter", "incr"));

  @Test
  void offsetsAppendedAfterTheSnapshotAreReplayedInOrderWithoutAClose() throws Exception {
    CheckpointStore store = snapshotOf(RAYLET, WORKER);
    store.append(List.of(at(RAYLET, 200_000)));
    store.append(List.of(at(RAYLET, 300_000), at(WORKER, 50)));
    // no save, no close: what a kill -9 leaves behind (the appends are in the page cache)
    CheckpointStore.Loaded loaded = new CheckpointStore(dir).load();
    assertThat(loaded.checkpoints().get(RAYLET.key()).offset()).isEqualTo(300_000);
    assertThat(loaded.checkpoints().get(RAYLET.key()).path()).as("the path the snapshot knew").isEqualTo(RAYLET.path());
    assertThat(loaded.checkpoints().get(WORKER.key())).isEqualTo(new FileCheckpoint(WORKER.key(), WORKER.fingerprint(),
        50, WORKER.path(), WORKER.worker()));
  }

  @Test
  void aSnapshotStartsANewJournalSegmentAndAStaleSegmentIsDeletedUnread() throws Exception {
    CheckpointStore store = snapshotOf(RAYLET);
    store.append(List.of(at(RAYLET, 200_000)));
    Path old = store.journalFile();
    byte[] stale = Files.readAllBytes(old);
    store.save(List.of(at(RAYLET, 250_000)));
    assertThat(store.journalFile()).isNotEqualTo(old);
    assertThat(old).doesNotExist();
    assertThat(Files.readString(store.journalFile())).doesNotContain("200000");
    // a kill after the rename and before the old segment's deletion leaves it: the snapshot covers it
    Files.write(old, stale);
    assertThat(new CheckpointStore(dir).load().checkpoints().get(RAYLET.key()).offset()).isEqualTo(250_000);
    assertThat(old).doesNotExist();
  }

  /**
   * The duplicate burst of a past ChaosIT run: a kill right after the snapshot's rename lost the acknowledgements
   * journaled while it was written and fsynced (the journal then still named the previous snapshot, and was
   * ignored). Acknowledgements arrive at each step until the kill; a fresh load must give exactly the last one.
   */
  @ParameterizedTest
  @EnumSource(CheckpointStore.SaveStep.class)
  void aKillAtAnyStepOfASnapshotKeepsEveryAcknowledgement(CheckpointStore.SaveStep killAt) throws Exception {
    CheckpointStore store = snapshotOf(at(RAYLET, 100));
    store.append(List.of(at(RAYLET, 150)));
    long[] acknowledged = {150};
    store.afterStep(step -> {
      acknowledged[0] += 10;
      try {
        store.append(List.of(at(RAYLET, acknowledged[0]))); // while the snapshot is written and fsynced
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (step == killAt) {
        throw new Killed();
      }
    });
    assertThatThrownBy(() -> store.save(each -> each.accept(at(RAYLET, 150)))).isInstanceOf(Killed.class);

    CheckpointStore restarted = new CheckpointStore(dir);
    assertThat(restarted.load().checkpoints().get(RAYLET.key()).offset()).isEqualTo(acknowledged[0]);
    // and the chain goes on from there
    restarted.append(List.of(at(RAYLET, 1_000)));
    restarted.save(List.of(at(RAYLET, 1_000)));
    restarted.append(List.of(at(RAYLET, 2_000)));
    assertThat(new CheckpointStore(dir).load().checkpoints().get(RAYLET.key()).offset()).isEqualTo(2_000);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).as("the older segments are gone")
          .containsExactlyInAnyOrder(store.file(), restarted.journalFile());
    }
  }

  /** What {@code kill -9} does to a save: it stops, and nothing after it runs. */
  static final class Killed extends Error {
    Killed() {
      super("kill -9");
    }
  }

  @Test
  void aJournalFromBeforeSegmentsIsReadAsTheSegmentItsHeaderNames() throws Exception {
    CheckpointStore store = snapshotOf(RAYLET);
    String snapshotId = Files.readString(store.journalFile()).split("\n")[0];
    Files.delete(store.journalFile());
    Files.writeString(dir.resolve(CheckpointJournal.FILE_NAME),
        snapshotId + "\n{\"device\":2049,\"inode\":131,\"fingerprint_length\":1024,\"fingerprint_crc\":4294967295,"
            + "\"offset\":200000}\n");
    CheckpointStore upgraded = new CheckpointStore(dir);
    assertThat(upgraded.load().checkpoints().get(RAYLET.key()).offset()).isEqualTo(200_000);
    upgraded.append(List.of(at(RAYLET, 300_000)));
    assertThat(new CheckpointStore(dir).load().checkpoints().get(RAYLET.key()).offset()).isEqualTo(300_000);
  }

  @Test
  void aTornLastLineIsIgnoredAndCutBeforeTheNextAppend() throws Exception {
    CheckpointStore store = snapshotOf(RAYLET);
    store.append(List.of(at(RAYLET, 200_000)));
    Path journal = store.journalFile();
    Files.writeString(journal, "{\"device\":2049,\"inode\":131,\"fingerprint_le", java.nio.file.StandardOpenOption.APPEND);
    CheckpointStore reopened = new CheckpointStore(dir);
    assertThat(reopened.load().checkpoints().get(RAYLET.key()).offset()).isEqualTo(200_000);
    reopened.append(List.of(at(RAYLET, 400_000)));
    assertThat(new CheckpointStore(dir).load().checkpoints().get(RAYLET.key()).offset()).isEqualTo(400_000);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains("corrupt"));
    }
  }

  @Test
  void aCorruptJournalIsMovedAsideAndTheSnapshotAloneIsUsed() throws Exception {
    CheckpointStore store = snapshotOf(RAYLET);
    store.append(List.of(at(RAYLET, 200_000)));
    Path journal = store.journalFile();
    String valid = Files.readAllLines(journal).get(1);
    // an unreadable line followed by a good one: not a torn end, a damaged file
    Files.writeString(journal, "garbage\n" + valid + "\n", java.nio.file.StandardOpenOption.APPEND);
    CheckpointStore.Loaded loaded = new CheckpointStore(dir).load();
    assertThat(loaded.checkpoints().get(RAYLET.key()).offset()).as("the snapshot: duplicates, never loss")
        .isEqualTo(RAYLET.offset());
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(name -> name.startsWith("checkpoints.journal.") && name.contains(".corrupt-"));
    }
  }

  @Test
  void aJournalWithoutASnapshotIsReplayedOnAFirstStart() throws Exception {
    CheckpointStore store = new CheckpointStore(dir);
    store.load();
    store.append(List.of(WORKER));
    CheckpointStore.Loaded loaded = new CheckpointStore(dir).load();
    assertThat(loaded.firstStart()).isTrue();
    assertThat(loaded.checkpoints().get(WORKER.key()).offset()).isEqualTo(WORKER.offset());
  }
}
