package io.raylog.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Records that span lines, as Ray writes them, and the worker markers. */
class MultilineRecordsTest {
  static final String W = "a4312c8310ce8485b7d20d2f96e36da89375d924fc39b449cd414d68";
  static final String ERR = "worker-" + W + "-01000000-547.err";
  static final Path FIXTURES = Path.of("test-fixtures/ray/head/session_2026-11-25_10-00-00_123456_1/logs");

  private static List<String> messages(List<JsonNode> records) {
    return records.stream().map(r -> r.get("message").asString()).toList();
  }

  @Test
  void chainedPythonTracebackIsOneRecordAndItsNeighboursAreNot() {
    String traceback = """
        Traceback (most recent call last):
          File "job.py", line 34, in compute
            entry = index[key]
        KeyError: 'shard-0005'

        During handling of the above exception, another exception occurred:

        Traceback (most recent call last):
          File "job.py", line 36, in compute
            raise ValueError("no index entry")
        ValueError: shard 5 has no index entry""";
    List<JsonNode> records = Assembled.records(ERR, "before\n" + traceback + "\nafter\n");
    assertThat(messages(records)).containsExactly("before", traceback, "after");
  }

  @Test
  void causedByChainAndALoggedTraceback() {
    String logged = """
        2026-11-25 10:02:14,640\tERROR job.py:9 -- shard failed
        Traceback (most recent call last):
          File "job.py", line 3, in f
        OSError: disk

        The above exception was the direct cause of the following exception:

        Traceback (most recent call last):
          File "job.py", line 5, in g
        RuntimeError: wrapped""";
    List<JsonNode> records = Assembled.records(ERR, logged + "\nnext\n");
    assertThat(records).hasSize(2);
    assertThat(records.get(0).get("severity").asString()).isEqualTo("ERROR");
    assertThat(records.get(0).get("time").asString()).isEqualTo("2026-11-25T10:02:14.640Z");
    assertThat(records.get(0).get("message").asString())
        .isEqualTo("shard failed\n" + logged.substring(logged.indexOf("Traceback")));
  }

  @Test
  void cppFatalWithStackTraceAndPlasmaDumpWithBlankLines() {
    String fatal = """
        [2026-11-25 10:21:37,556 C 112 112] (raylet) node_manager.cc:10: Check failed: x
        *** StackTrace Information ***
        /usr/lib/ray/raylet(+0xb1c2) [0x55] ray::SpdLogMessage::Flush()
        /usr/lib/ray/raylet(+0xb1c3) [0x56] main""";
    String dump = """
        [2026-11-25 10:21:38,000 I 112 112] (raylet) store.cc:564: ========== Plasma store: =================
        Current usage: 0 / 1 GB

        - num bytes created total: 0
        """;
    List<JsonNode> records = Assembled.records("raylet.out", fatal + "\n" + dump);
    assertThat(records).hasSize(2);
    assertThat(records.get(0).get("severity").asString()).isEqualTo("FATAL");
    assertThat(records.get(0).get("message").asString()).isEqualTo("Check failed: x\n"
        + fatal.substring(fatal.indexOf("*** StackTrace")));
    assertThat(records.get(1).get("message").asString()).isEqualTo("========== Plasma store: =================\n"
        + "Current usage: 0 / 1 GB\n\n- num bytes created total: 0");
  }

  @Test
  void abseilCrashAndFaulthandlerDumpsInWorkerErr() {
    String abseil = """
        *** SIGSEGV received at time=1795602097 on cpu 3 ***
        PC: @     0x7f00 (unknown) ray::core::Fn()
            @     0x7f01        176 (unknown)""";
    String faulthandler = """
        Fatal Python error: Segmentation fault

        Thread 0x00007f3b (most recent call first):
          File "/lib/threading.py", line 324 in wait

        Current thread 0x00007f3c (most recent call first):
          File "job.py", line 12 in crash
        """;
    List<JsonNode> records = Assembled.records(ERR, abseil + "\n" + faulthandler + "user line\n");
    assertThat(messages(records)).containsExactly(abseil, faulthandler.stripTrailing(), "user line");
  }

  @Test
  void autoscalerStatusBlockInMonitorOut() throws IOException {
    String text = Files.readString(FIXTURES.resolve("monitor.out"));
    List<JsonNode> records = Assembled.records("monitor.out", text);
    assertThat(records).isNotEmpty();
    assertThat(records.get(0).get("message").asString()).startsWith("======== Autoscaler status:").contains("Demands:");
    long statusBlocks = text.lines().filter(l -> l.startsWith("======== Autoscaler status")).count();
    assertThat(records.stream().filter(r -> r.get("message").asString().startsWith("======== Autoscaler status")))
        .hasSize((int) statusBlocks);
  }

  @Test
  void markersAttributeTheLinesAfterThemAndAreNotShipped() {
    String text = """
        :job_id:03000000
        :actor_name:Counter
        counter started
        :task_name:increment
        incremented
        :actor_name:Counter(even)
        after actor marker
        __ray_tqdm_magic_token__{"x": 1}
        done
        """;
    List<JsonNode> records = Assembled.records("worker-" + W + "-77.out", text);
    assertThat(messages(records)).containsExactly("counter started", "incremented", "after actor marker", "done");
    JsonNode first = records.get(0).get("ray");
    assertThat(first.get("job_id").asString()).isEqualTo("03000000");
    assertThat(first.get("actor_name").asString()).isEqualTo("Counter");
    assertThat(first.has("task_name")).isFalse();
    assertThat(records.get(1).get("ray").get("task_name").asString()).isEqualTo("increment");
    assertThat(records.get(2).get("ray").get("actor_name").asString()).isEqualTo("Counter(even)");
    assertThat(records.get(2).get("ray").has("task_name")).isFalse(); // an actor marker clears the task
  }

  @Test
  void markerJobDoesNotRepeatTheJobOfTheFileName() {
    List<JsonNode> records = Assembled.records(ERR, ":job_id:01000000\n:task_name:compute\nline\n");
    assertThat(records).hasSize(1);
    assertThat(records.get(0).get("ray").get("job_id").asString()).isEqualTo("01000000");
    assertThat(records.get(0).get("ray").get("task_name").asString()).isEqualTo("compute");
  }

  @Test
  void tqdmLinesAreShippedWhenConfigured() {
    ParseSettings keep = new ParseSettings(true, java.time.ZoneOffset.UTC, 1_000_000_000L, 1000, 1 << 20, false);
    List<JsonNode> records = Assembled.records("worker-" + W + "-77.out", "__ray_tqdm_magic_token__{}\n", keep, null, 0);
    assertThat(messages(records)).containsExactly("__ray_tqdm_magic_token__{}");
  }

  @Test
  void tqdmRayLinesAreDroppedAndOtherDictsAndJsonLogLinesAreNot() {
    String tqdm = "{\"__magic_token__\": \"__ray_tqdm_magic_token__\", \"x\": 625, \"pos\": 0, \"desc\": \"s 0\", "
        + "\"total\": 1250, \"ip\": \"10.0.0.11\", \"pid\": 547, \"uuid\": \"be45d09f\", \"closed\": false}";
    String dict = "{'epoch': 5, 'loss': 0.2126}";
    String underscore = "{\"_id\": 7}";
    List<JsonNode> out = Assembled.records("worker-" + W + "-01000000-547.out",
        "before\n" + tqdm + "\n" + dict + "\n" + underscore + "\n" + "__ray_tqdm_magic_token__{\"x\": 1}\n");
    assertThat(messages(out)).containsExactly("before", dict, underscore);

    String json = "{\"asctime\": \"2026-11-25 10:00:00,393\", \"levelname\": \"INFO\", \"message\": \"batch done\", "
        + "\"filename\": \"train.py\", \"lineno\": 952, \"process\": 547}";
    List<JsonNode> err = Assembled.records(ERR, json + "\n");
    assertThat(messages(err)).containsExactly("batch done");
    assertThat(err.get(0).get("severity").asString()).isEqualTo("INFO");
  }

  @Test
  void aRecordLongerThanTheLineLimitIsSplitAndTheRestJoinsTheNextRecord() {
    ParseSettings three = new ParseSettings(true, java.time.ZoneOffset.UTC, 1_000_000_000L, 3, 1 << 20, true);
    String text = "[2026-11-25 10:21:37,556 I 1 1] a.cc:1: head\nl2\nl3\nl4\nl5\n";
    List<JsonNode> records = Assembled.records("raylet.out", text, three, null, 0);
    assertThat(messages(records)).containsExactly("head\nl2\nl3", "l4\nl5");
  }

  @Test
  void anyChunkingOfTheFixturesYieldsTheSameRecords() throws IOException {
    long seed = Long.getLong("raylog.chunkSeed", System.nanoTime());
    Random random = new Random(seed);
    try (var files = Files.walk(FIXTURES)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String relative = FIXTURES.relativize(file).toString().replace('\\', '/');
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        List<JsonNode> whole = Assembled.records(relative, text, ParseSettings.defaults(), null, 0);
        List<JsonNode> chunked = Assembled.records(relative, text, ParseSettings.defaults(), random, 0);
        assertThat(chunked).as("%s with -Draylog.chunkSeed=%d", relative, seed).isEqualTo(whole);
      }
    }
  }
}
