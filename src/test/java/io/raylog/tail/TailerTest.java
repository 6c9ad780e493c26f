package io.raylog.tail;

import static io.raylog.tail.TailHarness.SECOND;
import static io.raylog.tail.TailHarness.append;
import static io.raylog.tail.TailHarness.expected;
import static io.raylog.tail.TailHarness.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.checkpoint.FileCheckpoint;
import io.raylog.record.FileKey;
import io.raylog.record.Fingerprint;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TailerTest {
  @TempDir Path root;

  @Test
  void readsEveryRegularFileOfEverySessionOnceAndNeverFollowsSymlinks() throws Exception {
    TailHarness h = new TailHarness(root);
    Path logs = h.logs();
    append(logs.resolve("raylet.out"), "r1\nr2\n");
    Files.createDirectories(logs.resolve("old"));
    append(logs.resolve("old/worker-" + "a".repeat(56) + "-01000000-77.err"), "old1\n");
    Files.createDirectories(logs.resolve("events"));
    append(logs.resolve("events/event_GCS.log"), "{\"e\":1}\n");
    Path older = Files.createDirectories(root.resolve("session_2026-11-24_09-00-00_000001_1/logs"));
    append(older.resolve("gcs_server.out"), "g1\n");
    Files.createSymbolicLink(root.resolve("session_latest"), root.resolve(TailHarness.SESSION));
    Path outside = Files.createTempFile("outside", ".log");
    Files.writeString(outside, "must not be read\n");
    Files.createSymbolicLink(logs.resolve("link.log"), outside);
    Files.createSymbolicLink(logs.resolve("loop"), logs); // a symlink loop
    new ProcessBuilder("mkfifo", logs.resolve("fifo.out").toString()).start().waitFor();

    h.settle();

    assertThat(h.messages()).containsExactlyInAnyOrder("r1", "r2", "old1", "{\"e\":1}", "g1");
    assertThat(h.messagesOf("raylet.out")).containsExactly("r1", "r2");
    assertThat(h.records).filteredOn(r -> r.message().equals("old1"))
        .singleElement().satisfies(r -> {
          assertThat(r.source.relativePath()).startsWith("old/worker-");
          assertThat(r.source.component()).isEqualTo("worker");
          assertThat(r.source.containerPath()).isEqualTo(root.toAbsolutePath() + "/" + TailHarness.SESSION + "/logs/" + r.source.relativePath());
        });
    assertThat(h.records).filteredOn(r -> r.message().equals("g1")).singleElement()
        .satisfies(r -> assertThat(r.source.session()).isEqualTo("session_2026-11-24_09-00-00_000001_1"));
    Files.delete(outside);
  }

  /**
   * A rotation renames every backup up one name while a listing runs, so a listing can miss a file: one fully read
   * is then closed at once, as deleted. Found again under its next name, it goes on from where it was, not from its
   * start (the soak's 30 minutes shipped 16 files twice this way).
   */
  @Test
  void aFileOutOfSightOfOneListingIsNotReadAgainWhenItReappears() throws Exception {
    TailHarness h = new TailHarness(root);
    Path logs = h.logs();
    append(logs.resolve("raylet.out"), "a\nb\n");
    h.settle();
    Path aside = Files.move(logs.resolve("raylet.out"), root.resolve("out-of-sight"));
    h.settle();
    Files.move(aside, logs.resolve("raylet.out.1"));
    append(logs.resolve("raylet.out.1"), "c\n");
    h.settle();

    assertThat(h.messages()).containsExactly("a", "b", "c");
  }

  @Test
  void picksUpSessionsAndFilesThatAppearLater() throws Exception {
    TailHarness h = new TailHarness(root);
    h.settle();
    assertThat(h.records).isEmpty();
    Path logs = h.logs();
    append(logs.resolve("raylet.out"), "late\n");
    Path second = Files.createDirectories(root.resolve("session_2026-11-25_11-00-00_000002_1/logs/serve"));
    append(second.resolve("controller_12.log"), "serve\n");
    h.settle();
    assertThat(h.messages()).containsExactlyInAnyOrder("late", "serve");
  }

  @Test
  void followsARenameRotationAndReadsTheRotatedFileToItsEnd() throws Exception {
    TailHarness h = new TailHarness(root);
    Path logs = h.logs();
    Path active = logs.resolve("raylet.out");
    try (FileOutputStream writer = new FileOutputStream(active.toFile(), true)) {
      writer.write(lines("a", 0, 100).getBytes(StandardCharsets.UTF_8));
      h.settle();
      Files.move(active, logs.resolve("raylet.out.1"), StandardCopyOption.ATOMIC_MOVE);
      // The writer still holds the old file: lines written now land in raylet.out.1.
      writer.write(lines("a", 100, 150).getBytes(StandardCharsets.UTF_8));
    }
    append(active, lines("b", 0, 50));
    h.settle();

    assertThat(h.messagesOf("raylet.out.1")).containsExactlyElementsOf(expected("a", 100, 150));
    assertThat(h.messages()).filteredOn(m -> m.startsWith("a")).containsExactlyElementsOf(expected("a", 0, 150));
    assertThat(h.messagesOf("raylet.out")).containsSubsequence(expected("b", 0, 50))
        .filteredOn(m -> m.startsWith("b")).hasSize(50);
  }

  @Test
  void followsAFileMovedIntoOld() throws Exception {
    TailHarness h = new TailHarness(root);
    Path logs = h.logs();
    String name = "worker-" + "c".repeat(56) + "-01000000-4242.out";
    append(logs.resolve(name), lines("w", 0, 10));
    h.settle();
    Files.createDirectories(logs.resolve("old"));
    Files.move(logs.resolve(name), logs.resolve("old").resolve(name));
    append(logs.resolve("old").resolve(name), lines("w", 10, 20));
    h.settle();
    assertThat(h.messages()).containsExactlyElementsOf(expected("w", 0, 20));
    assertThat(h.messagesOf("old/" + name)).containsExactlyElementsOf(expected("w", 10, 20));
  }

  @Test
  void copyTruncateLosesNoLineWrittenAfterTheTruncation() throws Exception {
    TailHarness h = new TailHarness(root);
    Path logs = h.logs();
    Path file = logs.resolve("monitor.log");
    append(file, lines("x", 0, 30));
    h.settle();
    Files.copy(file, logs.resolve("monitor.log.1"));
    try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
      channel.truncate(0);
    }
    append(file, lines("y", 0, 5)); // shorter than what was read: the shrink is seen
    h.settle();
    assertThat(h.messagesOf("monitor.log")).containsExactlyElementsOf(
        java.util.stream.Stream.concat(expected("x", 0, 30).stream(), expected("y", 0, 5).stream()).toList());
    assertThat(h.messagesOf("monitor.log.1")).as("the copy is a new file: at-least-once").containsExactlyElementsOf(expected("x", 0, 30));
  }

  @Test
  void aFileDeletedWhileBeingReadIsReadToItsEndThenClosed() throws Exception {
    TailHarness h = new TailHarness(root, TailHarness.settings(), Map.of(), true, 4096);
    h.acknowledgeAtOnce = false;
    Path file = h.logs().resolve("worker-" + "d".repeat(56) + "-9.out");
    append(file, lines("line-", 0, 50_000));
    h.tailer.step();
    assertThat(h.records.size()).as("the memory limit pauses reading").isLessThan(50_000);
    Files.delete(file);
    for (int i = 0; i < 10_000 && h.records.size() < 50_000; i++) {
      h.acknowledgeAll();
      h.tailer.step();
    }
    h.acknowledgeAll();
    h.tailer.step();
    assertThat(h.messages()).containsExactlyElementsOf(expected("line-", 0, 50_000));
    assertThat(h.tailer.status()).as("closed once drained, so it holds no disk space").isEmpty();
    assertThat(h.dropped).isEmpty();
  }

  @Test
  void aDeletedFileIsClosedAfterTheGraceTimeEvenIfUnreadAndTheLossIsCounted() throws Exception {
    TailHarness h = new TailHarness(root, TailHarness.settings(), Map.of(), true, 4096);
    h.acknowledgeAtOnce = false; // a sink that never answers
    Path file = h.logs().resolve("raylet.out");
    append(file, lines("line-", 0, 50_000));
    h.tailer.step();
    Files.delete(file);
    h.tailer.step();
    assertThat(h.tailer.status()).hasSize(1);
    h.advance(61 * SECOND);
    h.tailer.step();
    assertThat(h.tailer.status()).isEmpty();
    assertThat(h.dropped.get("deleted_before_read")).isPositive();
  }

  @Test
  void holdsALineWithoutNewlineUntilItCompletesOrTheTimeoutPasses() throws Exception {
    TailHarness h = new TailHarness(root);
    Path file = h.logs().resolve("raylet.out");
    append(file, "first\nhalf");
    h.tailer.step();
    assertThat(h.messages()).containsExactly("first");
    append(file, " done\nnext");
    h.tailer.step();
    assertThat(h.messages()).containsExactly("first", "half done");
    h.advance(4 * SECOND);
    h.tailer.step();
    assertThat(h.messages()).hasSize(2);
    h.advance(2 * SECOND);
    h.tailer.step();
    assertThat(h.messages()).containsExactly("first", "half done", "next");
    assertThat(h.records.get(2).endOffset).isEqualTo(Files.size(file));
  }

  @Test
  void resumesFromTheCheckpointAfterARestart() throws Exception {
    TailHarness first = new TailHarness(root);
    Path file = first.logs().resolve("gcs_server.out");
    append(file, lines("a", 0, 10));
    first.settle();
    Map<FileKey, FileCheckpoint> saved = new HashMap<>();
    first.tailer.checkpoints().forEach(c -> saved.put(c.key(), c));
    assertThat(saved.values()).singleElement().satisfies(c -> assertThat(c.offset()).isEqualTo(Files.size(file)));
    first.tailer.closeAll();

    append(file, lines("a", 10, 15));
    TailHarness second = new TailHarness(root, TailHarness.settings(), saved, false, 64L << 20);
    second.settle();
    assertThat(second.messages()).containsExactlyElementsOf(expected("a", 10, 15));
  }

  @Test
  void aCheckpointDoesNotApplyToAnotherFileThatReusedTheInode() throws Exception {
    TailHarness first = new TailHarness(root);
    Path file = first.logs().resolve("raylet.out");
    append(file, lines("old", 0, 10));
    FileKey key = FileKey.of(file);
    FileCheckpoint stale = new FileCheckpoint(key, Fingerprint.of("different content\n".getBytes(), 18), 40, file.toString());
    TailHarness second = new TailHarness(root, TailHarness.settings(), Map.of(key, stale), false, 64L << 20);
    second.settle();
    assertThat(second.messages()).containsExactlyElementsOf(expected("old", 0, 10));
  }

  @Test
  void readFromEndSkipsExistingContentOnTheFirstStartOnly() throws Exception {
    TailSettings fromEnd = new TailSettings(1 << 20, 64 * 1024, SECOND / 4, 5 * SECOND, 60 * SECOND, 4096, 0, true, io.raylog.parse.ParseSettings.disabled());
    Path logs = Files.createDirectories(root.resolve(TailHarness.SESSION).resolve("logs"));
    append(logs.resolve("raylet.out"), "before\n");
    TailHarness h = new TailHarness(root, fromEnd);
    h.settle();
    append(logs.resolve("raylet.out"), "after\n");
    append(logs.resolve("worker-" + "e".repeat(56) + "-1.out"), "new file\n");
    h.settle();
    assertThat(h.messages()).containsExactlyInAnyOrder("after", "new file");
  }

  @Test
  void aBusyFileDoesNotStarveAQuietOne() throws Exception {
    TailHarness h = new TailHarness(root);
    Path logs = h.logs();
    append(logs.resolve("busy.log"), lines("busy-line-with-some-padding-", 0, 100_000));
    append(logs.resolve("quiet.log"), "quiet\n");
    h.settle();
    int quietChunk = -1;
    for (int i = 0; i < h.chunks.size(); i++) {
      if (h.chunks.get(i).get(0).message().equals("quiet")) {
        quietChunk = i;
      }
    }
    assertThat(h.chunks.size()).isGreaterThan(20);
    assertThat(quietChunk).as("the quiet file gets its turn in the first round").isLessThanOrEqualTo(1);
  }

  @Test
  void pausesAtTheMemoryLimitAndResumesWhenAcknowledged() throws Exception {
    TailHarness h = new TailHarness(root, TailHarness.settings(), Map.of(), true, 100_000);
    h.acknowledgeAtOnce = false;
    append(h.logs().resolve("raylet.out"), lines("p", 0, 50_000));
    h.tailer.step();
    int firstRead = h.records.size();
    assertThat(firstRead).isBetween(1, 49_999);
    assertThat(h.chunks).as("a reader checks the limit before each read: it passes it by one chunk at most").hasSize(1);
    h.tailer.step();
    assertThat(h.records).hasSize(firstRead);
    assertThat(h.budget.paused()).isTrue();
    while (h.records.size() < 50_000) {
      h.acknowledgeAll();
      h.tailer.step();
    }
    assertThat(h.messages()).containsExactlyElementsOf(expected("p", 0, 50_000));
  }

  @Test
  void followsThousandsOfFilesAtOnce() throws Exception {
    TailHarness h = new TailHarness(root);
    Path logs = h.logs();
    for (int i = 0; i < 3000; i++) {
      append(logs.resolve("worker-" + "a".repeat(56) + "-01000000-" + i + ".out"), "hello from " + i + "\n");
    }
    h.settle();
    assertThat(h.records).hasSize(3000);
    assertThat(h.tailer.status()).hasSize(3000);
  }

  @Test
  void moreFilesThanDescriptorsAreAllFollowedAndAReleasedFileContinuesFromItsExactByte() throws Exception {
    TailSettings two = TailHarness.settings().withMaxOpenFiles(2);
    TailHarness h = new TailHarness(root, two);
    Path logs = h.logs();
    append(logs.resolve("a.log"), "a\n");
    append(logs.resolve("b.log"), "b\n");
    append(logs.resolve("c.log"), "c\n");
    h.settle();
    assertThat(h.messages()).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(h.tailer.status()).hasSize(3).filteredOn(FileStatus::released).hasSize(1);

    for (String name : List.of("a.log", "b.log", "c.log")) { // each grows while released or holding one
      append(logs.resolve(name), name + " again\n");
      h.settle();
    }
    assertThat(h.messages()).containsExactlyInAnyOrder("a", "b", "c", "a.log again", "b.log again", "c.log again");
    assertThat(h.tailer.releasedFiles()).isEqualTo(1);
  }

  @Test
  void aReleasedFileRenamedAndTruncatedIsReadFromWhereItWasThenFromItsNewStart() throws Exception {
    TailSettings one = TailHarness.settings().withMaxOpenFiles(1);
    TailHarness h = new TailHarness(root, one);
    Path logs = h.logs();
    append(logs.resolve("dashboard.log"), "d0\n");
    append(logs.resolve("raylet.out"), "r0\n");
    h.settle(); // one of the two holds the descriptor, the other is released
    Files.move(logs.resolve("dashboard.log"), logs.resolve("dashboard.log.1"));
    append(logs.resolve("dashboard.log.1"), "d1\n");
    append(logs.resolve("raylet.out"), "r1\n");
    h.settle();
    Files.write(logs.resolve("raylet.out"), "after truncation\n".getBytes(StandardCharsets.UTF_8));
    h.settle();
    assertThat(h.messages()).containsExactlyInAnyOrder("d0", "r0", "d1", "r1", "after truncation");
    assertThat(h.messagesOf("dashboard.log.1")).containsExactly("d1"); // the records carry the new name
  }

  @Test
  void aFileHoldingAnUnfinishedLineKeepsItsDescriptor() throws Exception {
    TailSettings one = TailHarness.settings().withMaxOpenFiles(1);
    TailHarness h = new TailHarness(root, one);
    Path logs = h.logs();
    append(logs.resolve("raylet.out"), "half a li");
    h.settle();
    append(logs.resolve("dashboard.log"), "waits for the descriptor\n");
    h.settle();
    assertThat(h.tailer.releasedFiles()).isZero(); // the held line would be lost with a file deleted unseen
    assertThat(h.messages()).isEmpty();

    h.advance(6 * SECOND); // the partial line timeout ships the line; the descriptor can go
    h.settle();
    assertThat(h.messages()).containsExactly("half a li", "waits for the descriptor");
  }

  @Test
  void aLineIsNotCutWhenItsRestIsInTheFileButReadingIsPaused() throws Exception {
    TailHarness h = new TailHarness(root, TailHarness.settings(), Map.of(), true, 4096);
    h.acknowledgeAtOnce = false; // the memory limit stops reading after the first chunk
    Path file = h.logs().resolve("dashboard.log");
    StringBuilder text = new StringBuilder();
    while (text.length() < 3 * 64 * 1024) {
      text.append("a line that crosses the read chunk boundary somewhere ").append(text.length()).append('\n');
    }
    append(file, text.toString());
    h.tailer.step();
    h.advance(60 * SECOND); // far past the partial-line timeout while paused
    h.tailer.step();
    h.acknowledgeAtOnce = true;
    h.acknowledgeAll();
    h.settle();
    assertThat(String.join("\n", h.messages()) + "\n").isEqualTo(text.toString());
  }

  @Test
  void replacesInvalidUtf8InThatLineOnlyAndCountsIt() throws Exception {
    TailHarness h = new TailHarness(root);
    Path file = h.logs().resolve("worker-" + "b".repeat(56) + "-01000000-3.err");
    byte[] bad = {'b', 'a', 'd', ' ', (byte) 0xC3, (byte) 0x28, ' ', (byte) 0xFF, '\n'};
    Files.write(file, "caf\u00e9 \u20ac\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Files.write(file, bad, java.nio.file.StandardOpenOption.APPEND);
    Files.write(file, "plain ascii\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
    h.settle();
    assertThat(h.messages()).containsExactly("caf\u00e9 \u20ac", "bad \uFFFD( \uFFFD", "plain ascii");
    assertThat(h.invalidUtf8Lines).isEqualTo(1);
  }

  @Test
  void forgetsSessionsThatAreDeleted() throws Exception {
    TailHarness h = new TailHarness(root);
    Path logs = h.logs();
    Files.createDirectories(logs.resolve("old"));
    append(logs.resolve("raylet.out"), "a\n");
    Path other = Files.createDirectories(root.resolve("session_2026-11-24_09-00-00_000001_1/logs/events"));
    append(other.resolve("event_GCS.log"), "{}\n");
    h.settle();
    assertThat(h.tailer.knownDirectories()).isEqualTo(4);
    new ProcessBuilder("rm", "-rf", root.resolve("session_2026-11-24_09-00-00_000001_1").toString()).start().waitFor();
    h.settle();
    assertThat(h.tailer.knownDirectories()).isEqualTo(2);
    assertThat(h.tailer.status()).singleElement().satisfies(f -> assertThat(f.path()).endsWith("raylet.out"));
  }

  @Test
  void reportsTheLagOfUnacknowledgedBytes() throws Exception {
    TailHarness h = new TailHarness(root);
    h.acknowledgeAtOnce = false;
    Path logs = h.logs();
    append(logs.resolve("a.log"), "0123456789\n"); // 11 bytes
    append(logs.resolve("b.log"), "01234\n"); // 6 bytes
    h.settle();
    assertThat(h.tailer.openFiles()).isEqualTo(2);
    assertThat(h.tailer.lag()).isEqualTo(new Tailer.Lag(17, 11));
    h.acknowledgeAll();
    assertThat(h.tailer.lag()).isEqualTo(new Tailer.Lag(0, 0));
  }
}
