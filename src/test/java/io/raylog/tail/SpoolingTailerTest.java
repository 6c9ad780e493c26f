package io.raylog.tail;

import static io.raylog.tail.TailHarness.SECOND;
import static io.raylog.tail.TailHarness.append;
import static io.raylog.tail.TailHarness.expected;
import static io.raylog.tail.TailHarness.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.checkpoint.FileCheckpoint;
import io.raylog.record.FileKey;
import io.raylog.record.LogRecord;
import io.raylog.tail.spool.Spool;
import io.raylog.tail.spool.SpoolEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file deleted while the sinks are behind: its unacknowledged rest is copied into the spool at once, its
 * descriptor closed, and it is shipped from the copy when the sinks catch up, with the same source and offsets.
 */
class SpoolingTailerTest {
  @TempDir Path root;
  @TempDir Path state;

  private final Map<String, Long> spoolDropped = new HashMap<>();

  private Spool spool(long maxBytes) {
    return new Spool(state.resolve("spool"), maxBytes, new SpoolEvents() {
      @Override
      public void dropped(String reason, long bytes) {
        spoolDropped.merge(reason, bytes, Long::sum);
      }
    }, () -> 1_700_000_000_000L);
  }

  private TailHarness harness(Map<FileKey, FileCheckpoint> restored, boolean firstStart) throws IOException {
    TailHarness h = new TailHarness(root, TailHarness.settings(), restored, firstStart, 4096);
    h.acknowledgeAtOnce = false; // a sink that is down
    h.tailer.spoolWith(spool(1L << 30));
    return h;
  }

  private List<Path> spoolFiles() throws IOException {
    Path dir = state.resolve("spool");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }

  /** Acknowledges and steps until {@code count} records arrived (or nothing more comes). */
  private static void shipUntil(TailHarness h, int count) {
    for (int i = 0; i < 20_000 && h.records.size() < count; i++) {
      h.acknowledgeAll();
      h.tailer.step();
    }
    h.acknowledgeAll();
    h.tailer.step();
    h.advance(SECOND);
    h.tailer.step();
  }

  @Test
  void aFileDeletedWhileTheSinkIsDownIsSpooledAndShippedWhenItComesBack() throws Exception {
    TailHarness h = harness(Map.of(), true);
    Path file = h.logs().resolve("raylet.out");
    append(file, lines("line-", 0, 50_000));
    h.tailer.step();
    int readBefore = h.records.size();
    assertThat(readBefore).as("the memory limit pauses reading").isLessThan(50_000);
    Files.delete(file);
    h.tailer.step(); // the scan sees it gone: copied at once

    assertThat(h.tailer.status()).singleElement().satisfies(s -> {
      assertThat(s.spooled()).isTrue();
      assertThat(s.committedOffset()).isZero();
    });
    assertThat(spoolFiles()).singleElement().satisfies(p -> assertThat(p.toString()).endsWith(".spool"));
    assertThat(h.tailer.spoolUsage().bytes()).as("from the committed offset, not the read one").isEqualTo(
        lines("line-", 0, 50_000).length());

    h.advance(120 * SECOND); // long past tail.deleted_file_grace: nothing is dropped
    h.tailer.step();
    assertThat(h.dropped).isEmpty();

    shipUntil(h, 50_000);

    assertThat(h.messages()).containsExactlyElementsOf(expected("line-", 0, 50_000));
    assertThat(h.records).allSatisfy(r -> {
      assertThat(r.source.relativePath()).isEqualTo("raylet.out");
      assertThat(r.source.component()).isEqualTo("raylet");
      assertThat(r.source.hostPath()).isEqualTo(file);
    });
    assertOffsetsContiguous(h.records);
    assertThat(h.dropped).isEmpty();
    assertThat(h.tailer.status()).as("closed once every byte is acknowledged").isEmpty();
    assertThat(spoolFiles()).as("and its copy deleted").isEmpty();
    assertThat(h.tailer.checkpoints()).isEmpty();
  }

  @Test
  void aFileOutOfSightButStillOnDiskIsReadToItsEndNeitherCopiedNorCutShort() throws Exception {
    // A hostPath pod deleted while the sink is down: its root goes away, its files stay where they are.
    List<TailRoot> roots = new java.util.concurrent.CopyOnWriteArrayList<>(List.of(TailRoot.local(root)));
    TailHarness h = new TailHarness(root, () -> List.copyOf(roots), TailHarness.settings(), Map.of(), true, 4096);
    h.acknowledgeAtOnce = false;
    h.tailer.spoolWith(spool(1L << 30));
    Path file = h.logs().resolve("raylet.out");
    append(file, lines("line-", 0, 50_000));
    h.tailer.step();
    assertThat(h.records.size()).as("the memory limit pauses reading").isLessThan(50_000);
    roots.clear();
    h.tailer.rescanSoon();
    h.tailer.step();
    h.advance(120 * SECOND); // long past tail.deleted_file_grace
    h.tailer.step();

    assertThat(spoolFiles()).as("nothing to copy: the file is still there").isEmpty();
    assertThat(h.dropped).isEmpty();
    shipUntil(h, 50_000);

    assertThat(h.messages()).containsExactlyElementsOf(expected("line-", 0, 50_000));
    assertOffsetsContiguous(h.records);
    assertThat(h.dropped).isEmpty();
    assertThat(h.tailer.status()).as("closed once read to its end").isEmpty();
  }

  @Test
  void aRestartShipsTheCopyFromItsCheckpointWithTheSameOffsets() throws Exception {
    TailHarness first = harness(Map.of(), true);
    Path file = first.logs().resolve("worker-" + "d".repeat(56) + "-01000000-77.out");
    append(file, lines("line-", 0, 20_000));
    first.tailer.step();
    first.acknowledgeAll(); // some records acknowledged: the checkpoint moves
    first.tailer.step();
    Files.delete(file);
    first.tailer.step();
    first.acknowledgeAll(); // more acknowledged after the copy, before the crash
    first.tailer.step();
    long committed = first.tailer.checkpoints().get(0).offset();
    assertThat(committed).isPositive();
    // Through the real checkpoint store: the copy's key must be one it keeps.
    io.raylog.checkpoint.CheckpointStore store = new io.raylog.checkpoint.CheckpointStore(state.resolve("checkpoints"));
    store.load();
    store.save(first.tailer::forEachCheckpoint);
    store.close();
    Map<FileKey, FileCheckpoint> saved =
        new io.raylog.checkpoint.CheckpointStore(state.resolve("checkpoints")).load().checkpoints();
    assertThat(saved.keySet()).singleElement().satisfies(k -> assertThat(k.device()).isEqualTo(SpooledFiles.SPOOL_DEVICE));
    assertThat(saved.values()).singleElement().satisfies(c -> assertThat(c.offset()).isEqualTo(committed));
    // kill -9: the first tailer is simply abandoned, its copy left in the spool.

    TailHarness second = harness(saved, false);
    shipUntil(second, Integer.MAX_VALUE);

    List<LogRecord> after = second.records;
    assertThat(after).isNotEmpty();
    assertThat(after.get(0).offset).as("resumes at the checkpoint").isEqualTo(committed);
    List<String> shipped = Stream.concat(
        first.records.stream().filter(r -> r.endOffset <= committed), after.stream()).map(LogRecord::message).toList();
    assertThat(shipped).containsExactlyElementsOf(expected("line-", 0, 20_000));
    assertThat(after).allSatisfy(r -> {
      assertThat(r.source.relativePath()).isEqualTo(file.getFileName().toString());
      assertThat(r.source.component()).isEqualTo("worker");
      assertThat(r.source.name().pid()).isEqualTo(77);
    });
    assertOffsetsContiguous(after);
    assertThat(second.dropped).isEmpty();
    assertThat(spoolFiles()).isEmpty();
    // Issue 19: read again from the copy, a record gets the id it had when read from the original.
    Map<Long, String> fromOriginal = RecordIdsTest.idsByOffset(first.records, null);
    Map<Long, String> fromCopy = RecordIdsTest.idsByOffset(after, null);
    fromCopy.keySet().retainAll(fromOriginal.keySet());
    assertThat(fromCopy).as("records read from both").hasSizeGreaterThan(10);
    assertThat(fromCopy).isEqualTo(new java.util.TreeMap<>(fromOriginal).subMap(committed, Long.MAX_VALUE));
  }

  @Test
  void aCopyShippedAfterARestartWithoutItsCheckpointKeepsTheWorkerMarkersBeforeIt() throws Exception {
    TailHarness first = new TailHarness(root, ParsingTailerTest.parsing(), Map.of(), true, 4096);
    first.tailer.spoolWith(spool(1L << 30));
    Path worker = first.logs().resolve(ParsingTailerTest.WORKER);
    append(worker, ":job_id:02000000\n:actor_name:Trainer\n:task_name:fit\nepoch 0\n");
    first.settle(); // shipped and acknowledged: the copy will start after them
    first.acknowledgeAtOnce = false;
    append(worker, lines("epoch ", 1, 20_000));
    first.tailer.step();
    Files.delete(worker);
    first.tailer.step();
    assertThat(spoolFiles()).hasSize(1);
    // kill -9 before the copy's checkpoint was journaled: the next start has none for it.

    TailHarness second = new TailHarness(root, ParsingTailerTest.parsing(), Map.of(), false, 4096);
    second.acknowledgeAtOnce = false;
    second.tailer.spoolWith(spool(1L << 30));
    shipUntil(second, 19_999);
    second.advance(5 * SECOND);
    second.tailer.step();

    assertThat(second.messages()).containsExactlyElementsOf(expected("epoch ", 1, 20_000));
    assertThat(second.records).allSatisfy(r -> assertThat(r.rayFieldsJson())
        .contains("\"job_id\":\"02000000\"", "\"actor_name\":\"Trainer\"", "\"task_name\":\"fit\""));
    assertThat(spoolFiles()).isEmpty();
  }

  @Test
  void spoolingOffKeepsTheOldGraceTime() throws Exception {
    TailHarness h = new TailHarness(root, TailHarness.settings(), Map.of(), true, 4096);
    h.acknowledgeAtOnce = false;
    h.tailer.spoolWith(spool(0));
    Path file = h.logs().resolve("raylet.out");
    append(file, lines("line-", 0, 50_000));
    h.tailer.step();
    Files.delete(file);
    h.tailer.step();
    h.advance(61 * SECOND);
    h.tailer.step();
    assertThat(h.tailer.status()).isEmpty();
    assertThat(h.dropped.get("deleted_before_read")).isPositive();
  }

  @Test
  void aCopyTooBigForTheSpoolIsDrainedAndItsLossCountedAsSpoolFull() throws Exception {
    TailHarness h = new TailHarness(root, TailHarness.settings(), Map.of(), true, 4096);
    h.acknowledgeAtOnce = false;
    h.tailer.spoolWith(spool(10_000));
    Path file = h.logs().resolve("raylet.out");
    append(file, lines("line-", 0, 50_000));
    h.tailer.step();
    Files.delete(file);
    h.tailer.step();
    assertThat(spoolFiles()).isEmpty();
    h.advance(61 * SECOND);
    h.tailer.step();
    assertThat(h.tailer.status()).isEmpty();
    assertThat(h.dropped.get("spool_full")).isPositive();
  }

  @Test
  void aSpoolThatCannotBeWrittenLeavesTheFileDrainingAndItsLossCounted() throws Exception {
    TailHarness h = harness(Map.of(), true);
    Files.delete(state.resolve("spool"));
    Files.writeString(state.resolve("spool"), "not a directory: as good as a full disk");
    Path file = h.logs().resolve("raylet.out");
    append(file, lines("line-", 0, 50_000));
    h.tailer.step();
    Files.delete(file);
    h.tailer.step();
    assertThat(h.tailer.status()).singleElement().satisfies(s -> {
      assertThat(s.deleted()).isTrue();
      assertThat(s.spooled()).isFalse();
    });
    h.advance(61 * SECOND);
    h.tailer.step();
    assertThat(h.tailer.status()).isEmpty();
    assertThat(h.dropped.get("spool_failed")).isPositive();
  }

  @Test
  void anOlderCopyIsDroppedForANewerOneAndItsUnreadBytesCounted() throws Exception {
    String text = lines("line-", 0, 20_000); // ~190 KB each: more than one read chunk
    TailHarness h = new TailHarness(root, TailHarness.settings(), Map.of(), true, 4096);
    h.acknowledgeAtOnce = false;
    h.tailer.spoolWith(spool(text.length() + 100));
    Path older = h.logs().resolve("raylet.out");
    Path newer = h.logs().resolve("gcs_server.out");
    append(older, text);
    h.tailer.step();
    Files.delete(older);
    h.tailer.step();
    append(newer, text); // opened, but not read: the sink is still down
    h.tailer.step();
    Files.delete(newer);
    h.tailer.step();

    assertThat(h.dropped.get("spool_full")).isPositive();
    assertThat(h.tailer.status()).singleElement().satisfies(s -> assertThat(s.path()).endsWith("gcs_server.out"));
  }

  private static void assertOffsetsContiguous(List<LogRecord> records) {
    for (int i = 1; i < records.size(); i++) {
      assertThat(records.get(i).offset).as("record %d", i).isEqualTo(records.get(i - 1).endOffset);
    }
  }
}
