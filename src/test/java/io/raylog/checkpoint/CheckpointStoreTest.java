package io.raylog.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raylog.record.FileKey;
import io.raylog.record.Fingerprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointStoreTest {
  @TempDir Path dir;

  static final FileCheckpoint RAYLET =
      new FileCheckpoint(new FileKey(2049, 131), new Fingerprint(1024, 0xFFFF_FFFFL), 123_456, "/tmp/ray/session_x/logs/raylet.out");

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
          .containsExactlyInAnyOrder(store.file(), dir.resolve(CheckpointJournal.FILE_NAME));
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
      assertThat(files.map(p -> p.getFileName().toString()).filter(name -> !name.equals(CheckpointJournal.FILE_NAME)))
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
    CheckpointStore store = new CheckpointStore(dir);
    store.load();
    store.save(List.of(RAYLET, WORKER));
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
  void aSnapshotStartsTheJournalAgainAndAStaleJournalIsIgnored() throws Exception {
    CheckpointStore store = new CheckpointStore(dir);
    store.load();
    store.save(List.of(RAYLET));
    store.append(List.of(at(RAYLET, 200_000)));
    Path journal = dir.resolve(CheckpointJournal.FILE_NAME);
    byte[] stale = Files.readAllBytes(journal);
    store.save(List.of(at(RAYLET, 250_000)));
    assertThat(Files.readString(journal)).doesNotContain("200000");
    // a crash between the snapshot's rename and the new journal's start leaves the old journal: not applied
    Files.write(journal, stale);
    assertThat(new CheckpointStore(dir).load().checkpoints().get(RAYLET.key()).offset()).isEqualTo(250_000);
  }

  @Test
  void aTornLastLineIsIgnoredAndCutBeforeTheNextAppend() throws Exception {
    CheckpointStore store = new CheckpointStore(dir);
    store.load();
    store.save(List.of(RAYLET));
    store.append(List.of(at(RAYLET, 200_000)));
    Path journal = dir.resolve(CheckpointJournal.FILE_NAME);
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
    CheckpointStore store = new CheckpointStore(dir);
    store.load();
    store.save(List.of(RAYLET));
    store.append(List.of(at(RAYLET, 200_000)));
    Path journal = dir.resolve(CheckpointJournal.FILE_NAME);
    String valid = Files.readAllLines(journal).get(1);
    // an unreadable line followed by a good one: not a torn end, a damaged file
    Files.writeString(journal, "garbage\n" + valid + "\n", java.nio.file.StandardOpenOption.APPEND);
    CheckpointStore.Loaded loaded = new CheckpointStore(dir).load();
    assertThat(loaded.checkpoints().get(RAYLET.key()).offset()).as("the snapshot: duplicates, never loss")
        .isEqualTo(RAYLET.offset());
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).anyMatch(name -> name.startsWith("checkpoints.journal.corrupt-"));
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
