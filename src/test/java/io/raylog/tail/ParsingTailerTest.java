package io.raylog.tail;

import static io.raylog.tail.TailHarness.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.checkpoint.FileCheckpoint;
import io.raylog.parse.ParseSettings;
import io.raylog.parse.WorkerContext;
import io.raylog.record.FileKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tail stage with parsing on, on real files: timeouts, markers across restarts, offsets past skipped lines. */
class ParsingTailerTest {
  static final String WORKER = "worker-5870f6aa865f0efd562b7d951180bc30c772287879e43837406ced01-77.out";
  @TempDir Path root;

  static TailSettings parsing() {
    TailSettings raw = TailHarness.settings();
    return new TailSettings(raw.maxLineBytes(), raw.readChunkBytes(), raw.pollIntervalNanos(),
        raw.partialLineTimeoutNanos(), raw.deletedFileGraceNanos(), raw.maxOpenFiles(), raw.scanIntervalNanos(), false,
        ParseSettings.defaults());
  }

  @Test
  void aMultiLineRecordWaitsForItsTimeoutThenShipsJoined() throws Exception {
    TailHarness h = new TailHarness(root, parsing());
    Path raylet = h.logs().resolve("raylet.out");
    TailHarness.append(raylet, "[2026-11-25 10:00:00,000 E 1 1] (raylet) a.cc:1: failed\n  detail one\n");
    h.tailer.step();
    h.tailer.step();
    assertThat(h.records).as("held open for lines that may continue it").isEmpty();
    TailHarness.append(raylet, "  detail two\n");
    h.tailer.step();
    h.advance(SECOND / 2);
    h.tailer.step();
    assertThat(h.records).as("half a second later, still within the timeout").isEmpty();
    h.advance(SECOND);
    h.tailer.step();
    assertThat(h.messages()).containsExactly("failed\n  detail one\n  detail two");
    assertThat(h.records.get(0).severity).isEqualTo(io.raylog.record.Severity.ERROR);
    assertThat(h.tailer.checkpoints().get(0).offset()).isEqualTo(Files.size(raylet));
  }

  @Test
  void markersAreSavedWithTheCheckpointAndAttributeLinesAfterARestart() throws Exception {
    TailHarness first = new TailHarness(root, parsing());
    Path worker = first.logs().resolve(WORKER);
    TailHarness.append(worker, ":job_id:02000000\n:actor_name:Trainer\n:task_name:fit\nepoch 1\n");
    first.settle();
    assertThat(first.messages()).containsExactly("epoch 1");
    Map<FileKey, FileCheckpoint> saved = new HashMap<>();
    first.tailer.checkpoints().forEach(c -> saved.put(c.key(), c));
    assertThat(saved.values()).singleElement()
        .satisfies(c -> assertThat(c.worker()).isEqualTo(new WorkerContext("02000000", "Trainer", "fit")));

    TailHarness.append(worker, "epoch 2\n");
    TailHarness second = new TailHarness(root, parsing(), saved, false, 64L << 20);
    second.settle();
    assertThat(second.messages()).containsExactly("epoch 2");
    String json = second.records.get(0).rayFieldsJson();
    assertThat(json).contains("\"job_id\":\"02000000\"", "\"actor_name\":\"Trainer\"", "\"task_name\":\"fit\"");
  }

  @Test
  void linesThatMakeNoRecordDoNotHoldTheCheckpointBack() throws Exception {
    TailHarness h = new TailHarness(root, parsing());
    Path worker = h.logs().resolve(WORKER);
    TailHarness.append(worker, "work\n:task_name:next\n__ray_tqdm_magic_token__{\"x\":1}\n");
    h.settle();
    assertThat(h.messages()).containsExactly("work");
    List<FileCheckpoint> checkpoints = h.tailer.checkpoints();
    assertThat(checkpoints).singleElement().satisfies(c -> {
      assertThat(c.offset()).isEqualTo(Files.size(worker));
      assertThat(c.worker().taskName()).isEqualTo("next");
    });
  }

  @Test
  void aRecordHeldOpenIsShippedBeforeItsDeletedFileCloses() throws Exception {
    TailHarness h = new TailHarness(root, parsing());
    Path raylet = h.logs().resolve("raylet.out");
    TailHarness.append(raylet, "[2026-11-25 10:00:00,000 I 1 1] (raylet) a.cc:1: last words\n");
    h.tailer.step();
    Files.delete(raylet);
    h.advance(SECOND / 10); // well within the multi-line timeout: the deletion alone ships it
    h.settle();
    assertThat(h.messages()).containsExactly("last words");
  }

  @Test
  void withParsingOffEveryLineIsARawRecord() throws Exception {
    TailHarness h = new TailHarness(root); // TailHarness.settings(): parsing off
    Path raylet = h.logs().resolve("raylet.out");
    String header = "[2026-11-25 10:00:00,000 E 1 1] (raylet) a.cc:1: failed";
    TailHarness.append(raylet, header + "\n  detail\n");
    h.settle();
    assertThat(h.messages()).containsExactly(header, "  detail");
    assertThat(h.records).allSatisfy(r -> {
      assertThat(r.severity).isNull();
      assertThat(r.timeMillis).isEqualTo(io.raylog.record.LogRecord.UNKNOWN_TIME);
      assertThat(r.rayFieldsJson()).isEmpty();
    });
  }
}
