package io.raylog.tail;

import static io.raylog.tail.TailHarness.append;
import static io.raylog.tail.TailHarness.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.record.LogRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: every record read from a real file gets an id ({@code log.id}) that is the same when the same bytes are
 * read again (another raylog process, a rotated name) and differs for every other record. The copy in the spool is
 * covered by {@code SpoolingTailerTest}.
 */
class RecordIdsTest {
  @TempDir Path root;

  /** Offset to id, of the records of {@code relativePath} (every record has one). */
  static Map<Long, String> idsByOffset(List<LogRecord> records, String relativePath) {
    Map<Long, String> ids = new TreeMap<>();
    for (LogRecord record : records) {
      if (relativePath == null || record.source.relativePath().equals(relativePath)) {
        assertThat(record.id()).as("record at %d", record.offset).isNotNull().hasSize(22);
        ids.put(record.offset, record.id());
      }
    }
    return ids;
  }

  /** The ids another raylog process, without a checkpoint, gives the records of {@code relativePath}. */
  private Map<Long, String> idsReadAgain(String relativePath) {
    TailHarness again = new TailHarness(root);
    again.settle();
    return idsByOffset(again.records, relativePath);
  }

  @Test
  void theSameBytesReadAgainGetTheSameIds() throws Exception {
    TailHarness first = new TailHarness(root);
    append(first.logs().resolve("raylet.out"), lines("line-", 0, 3_000)); // well past the first KiB
    first.settle();
    Map<Long, String> before = idsByOffset(first.records, "raylet.out");

    assertThat(before).hasSize(3_000);
    assertThat(idsReadAgain("raylet.out")).isEqualTo(before);
  }

  @Test
  void aFileRenamedByRotationKeepsItsIds() throws Exception {
    TailHarness first = new TailHarness(root);
    Path current = first.logs().resolve("raylet.out");
    append(current, lines("line-", 0, 100)); // the first records lie in the first KiB, the others past it
    first.settle();
    Path rotated = first.logs().resolve("raylet.out.1");
    Files.move(current, rotated);
    append(rotated, lines("line-", 100, 2_000)); // the writer's descriptor goes on writing to the renamed file
    first.settle();
    Map<Long, String> whileRenamed = idsByOffset(first.records, null);

    assertThat(whileRenamed).hasSize(2_000);
    assertThat(idsReadAgain("raylet.out.1")).as("read from its start under its new name").isEqualTo(whileRenamed);
  }

  @Test
  void aTruncatedFileWrittenAgainGetsOtherIdsAtTheSameOffsets() throws Exception {
    TailHarness h = new TailHarness(root);
    Path file = h.logs().resolve("monitor.log");
    append(file, lines("old ", 0, 2_000));
    h.settle();
    Map<Long, String> before = idsByOffset(h.records, null);
    h.records.clear();
    Files.writeString(file, lines("new ", 0, 500)); // copy-truncate: the same inode, new content from offset 0
    h.settle();
    Map<Long, String> after = idsByOffset(h.records, null);

    assertThat(after).hasSize(500);
    assertThat(before.keySet()).containsAll(after.keySet()); // the same offsets…
    after.forEach((offset, id) -> assertThat(id).as("offset %d", offset).isNotEqualTo(before.get(offset))); // …other ids
  }

  @Test
  void aLastLineShippedAloneThenReadWholeAfterARestartGetsAnotherId() throws Exception {
    TailHarness first = new TailHarness(root);
    Path file = first.logs().resolve("raylet.out");
    append(file, lines("line-", 0, 100) + "half a li");
    first.settle();
    first.advance(6 * TailHarness.SECOND); // past tail.partial_line_timeout: shipped alone
    first.settle();
    LogRecord partial = first.records.get(first.records.size() - 1);
    assertThat(partial.message()).isEqualTo("half a li");
    append(file, "ne\n");

    TailHarness second = new TailHarness(root); // a restart before the partial record's checkpoint was written
    second.settle();
    LogRecord whole = second.records.get(second.records.size() - 1);

    assertThat(whole.message()).isEqualTo("half a line");
    assertThat(whole.offset).isEqualTo(partial.offset);
    assertThat(whole.id()).as("not dropped as a copy of the piece").isNotEqualTo(partial.id());
  }

  @Test
  void everyOtherRecordGetsAnotherIdEvenWhenTwoFilesHoldTheSameBytes() throws Exception {
    TailHarness h = new TailHarness(root);
    String sameText = lines("same line ", 0, 1_000);
    append(h.logs().resolve("raylet.out"), sameText);
    append(h.logs().resolve("gcs_server.out"), sameText);
    append(h.logs().resolve("worker-" + "a".repeat(56) + "-01000000-7.out"), sameText);
    h.settle();

    Set<String> ids = new HashSet<>();
    h.records.forEach(r -> ids.add(r.id()));
    assertThat(h.records).hasSize(3_000);
    assertThat(ids).hasSize(3_000);
  }
}
