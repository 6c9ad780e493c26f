package io.raylog.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raylog.tail.FileKey;
import io.raylog.tail.Fingerprint;
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
      assertThat(files).as("no temp file left behind").containsExactly(store.file());
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
      assertThat(files.map(p -> p.getFileName().toString())).singleElement().asString().startsWith("checkpoints.json.corrupt-");
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
}
