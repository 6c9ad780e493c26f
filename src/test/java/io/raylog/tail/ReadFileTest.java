package io.raylog.tail;

import static io.raylog.tail.TailHarness.SECOND;
import static io.raylog.tail.TailHarness.append;
import static io.raylog.tail.TailHarness.lines;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tailer tells retention: each followed file with how far it was read and acknowledged, and each file it
 * closes. And what it makes of a file retention deleted once acknowledged: read to its end (nothing left), closed,
 * nothing dropped, even long after the grace time.
 */
class ReadFileTest {
  @TempDir Path root;

  private static List<ReadFile> view(TailHarness h) {
    List<ReadFile> files = new ArrayList<>();
    h.tailer.forEachRead(files::add);
    return files;
  }

  @Test
  void theViewFollowsTheAcknowledgementsNotTheReads() throws Exception {
    TailHarness h = new TailHarness(root);
    h.acknowledgeAtOnce = false;
    Path file = h.logs().resolve("raylet.out.1");
    append(file, lines("line-", 0, 100));
    h.settle();

    ReadFile read = view(h).get(0);
    assertThat(read.path()).isEqualTo(file);
    assertThat(read.readOffset()).isEqualTo(Files.size(file));
    assertThat(read.committedOffset()).isZero();
    assertThat(read.acknowledgedBy(0)).isZero();
    assertThat(read.skippedBytes()).isZero();

    h.acknowledgeAll();
    assertThat(read.committedOffset()).as("read live").isEqualTo(Files.size(file));
  }

  @Test
  void aFileDeletedOnceAcknowledgedIsClosedAndToldOfWithNothingDropped() throws Exception {
    TailHarness h = new TailHarness(root);
    List<ReadFile> closed = new ArrayList<>();
    h.tailer.closedFilesTo(closed::add);
    Path file = h.logs().resolve("raylet.out.1");
    append(file, lines("line-", 0, 100));
    h.settle();
    long size = Files.size(file);
    assertThat(view(h).get(0).committedOffset()).isEqualTo(size);

    Files.delete(file); // as retention does
    for (int i = 0; i < 10 && !h.tailer.status().isEmpty(); i++) {
      h.advance(31 * SECOND); // the backstop scan finds it gone
      h.tailer.step();
    }
    h.advance(120 * SECOND);
    h.tailer.step();

    assertThat(h.tailer.status()).isEmpty();
    assertThat(closed).singleElement().satisfies(c -> {
      assertThat(c.closed()).isTrue();
      assertThat(c.committedOffset()).isEqualTo(size);
    });
    assertThat(h.dropped).isEmpty();
    assertThat(h.messages()).hasSize(100);
  }

  @Test
  void aFileStartedAtItsEndSaysHowManyBytesWereNeverRead() throws Exception {
    Path logs = Files.createDirectories(root.resolve(TailHarness.SESSION).resolve("logs"));
    Path file = logs.resolve("raylet.out.1");
    append(file, lines("before-", 0, 10));
    TailSettings fromEnd = new TailSettings(1 << 20, 64 * 1024, SECOND / 4, 5 * SECOND, 60 * SECOND, 4096, 0, true,
        io.raylog.parse.ParseSettings.disabled());
    TailHarness h = new TailHarness(root, fromEnd);
    h.settle();
    assertThat(view(h).get(0).skippedBytes()).isEqualTo(Files.size(file));
  }
}
