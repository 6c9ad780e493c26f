package io.raylog.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 17's classes of defect, each a table over real Ray lines from {@code test-fixtures/corpus} (see its
 * {@code SOURCES.md}): a row names a corpus file and the record it expects, by its index in the file's records.
 */
class CorpusTest {
  static final String SESSION = "session_2026-03-02_10-15-00_412345_1";
  static final Path LOGS = Path.of("test-fixtures/corpus/ray/" + SESSION + "/logs");
  static final String DRIVER = "job-driver-raysubmit_corpus0000000001.log";
  static final String CORE = "python-core-worker-bbeeae3b7251526e46004e03207ecd87c4ee207d59451a36ca687d50_2122527.log";
  static final String TEXT_ERR = "worker-51188d9448be4664bf2ea26ac410b67acaaa970c4f31c5ad3ae776a5-01000000-4242.err";
  static final String SEGV_ERR = "worker-3d8e1f0a6b2c4e5f9a7b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b-01000000-73667.err";
  static final String RAW_ERR = "worker-9c1f2e3d4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4-2649.err";

  static List<JsonNode> records(String file) {
    return Assembled.records(SESSION, file, read(file), ParseSettings.defaults(), null, 0);
  }

  static String read(String file) {
    try {
      return Files.readString(LOGS.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A row: the record at {@code index} of {@code file}'s records satisfies {@code check}. */
  static Arguments row(String what, String file, int index, Consumer<JsonNode> check) {
    return Arguments.of(what, file, index, check);
  }

  static String text(JsonNode r, String pointer) {
    JsonNode node = r.at(pointer);
    return node.isMissingNode() ? null : node.asString();
  }

  static int lines(JsonNode r) {
    return r.get("message").asString().split("\n", -1).length;
  }

  // --- text must never be cut ------------------------------------------------------------------------------------

  static Stream<Arguments> keyValueTails() {
    return Stream.of(
        row("C++ message ending in key=value text of its own", CORE, 0, r -> {
          assertThat(r.get("message").asString()).endsWith("num_restarts: 0, has creation_task_exception=1");
          assertThat(r.has("attributes")).isFalse();
        }),
        row("TEXT encoding: Ray's context moved out from its first key, the extra before it kept", TEXT_ERR, 0, r -> {
          assertThat(r.get("message").asString()).isEqualTo("This is a Ray task name=__main__");
          assertThat(text(r, "/ray/job_id")).isEqualTo("01000000");
          assertThat(text(r, "/ray/worker_id")).isEqualTo("51188d9448be4664bf2ea26ac410b67acaaa970c4f31c5ad3ae776a5");
          assertThat(text(r, "/ray/node_id")).isEqualTo("f683dfbffe2c69984859bc19c26b77eaf3866c458884c49d115fdcd4");
          assertThat(text(r, "/ray/task_id")).isEqualTo("c8ef45ccd0112571ffffffffffffffffffffffff01000000");
          assertThat(text(r, "/ray/task_name")).isEqualTo("f");
          assertThat(text(r, "/attributes/task_func_name")).isEqualTo("test-log-config.f");
          assertThat(r.at("/attributes/timestamp_ns").isMissingNode()).isTrue();
        }),
        row("TEXT encoding: timestamp_ns is the time, as in the JSON form", TEXT_ERR, 0, r ->
            assertThat(text(r, "/time")).isEqualTo("2025-02-12T20:25:16.836Z")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keyValueTails")
  void keyValuePairsLeaveTheMessageOnlyWhenTheyAreRaysContext(String what, String file, int index,
      Consumer<JsonNode> check) {
    check.accept(records(file).get(index));
  }

  /** The rule itself, on the issue's own examples and its edges. */
  @Test
  void theKeyValueRuleOnItsEdges() {
    Map<String, String> messages = Map.of(
        "2026-03-02 10:15:07,412\tINFO train.py:9 -- epoch done loss=0.25", "epoch done loss=0.25",
        "2026-03-02 10:15:07,412\tINFO train.py:9 -- epoch done loss=0.25 job_id=01000000 timestamp_ns=1", "epoch done loss=0.25",
        "2026-03-02 10:15:07,412\tINFO train.py:9 -- a actor_name= timestamp_ns=1772446507412000000", "a",
        "2026-03-02 10:15:07,412\tINFO train.py:9 -- job_id=01000000", "job_id=01000000");
    messages.forEach((line, message) -> assertThat(
        Assembled.records(SESSION, TEXT_ERR, line + "\n", ParseSettings.defaults(), null, 0).get(0)
            .get("message").asString()).as(line).isEqualTo(message));
    JsonNode empty = Assembled.records(SESSION, TEXT_ERR, ":actor_name:Counter\n"
        + "2026-03-02 10:15:07,412\tINFO a.py:1 -- a actor_name= timestamp_ns=1772446507412000000\n",
        ParseSettings.defaults(), null, 0).get(0);
    assertThat(text(empty, "/ray/actor_name")).isEqualTo("Counter"); // an empty value says nothing
    assertThat(text(empty, "/time")).isEqualTo("2026-03-02T10:15:07.412Z");
  }

  static Stream<Arguments> serveLines() {
    return Stream.of(
        row("≥ 2.40 access line: request id, message after --", "serve/replica_default_A_zosusx8c.log", 0, r -> {
          assertThat(r.get("message").asString()).isEqualTo("GET / 200 4.1ms");
          assertThat(text(r, "/ray/request_id")).isEqualTo("26891433-a91a-4d27-b543-0936feb5f5c1");
          assertThat(text(r, "/ray/source")).isNull();
          assertThat(text(r, "/time")).isEqualTo("2024-11-20T13:53:00.197Z");
          assertThat(text(r, "/ray/replica")).isEqualTo("zosusx8c");
        }),
        row("≥ 2.40 route in the message stays there", "serve/replica_default_A_zosusx8c.log", 1, r ->
            assertThat(r.get("message").asString()).isEqualTo("GET /{wildcard} 422 3.7ms")),
        row("≥ 2.40 handle call", "serve/replica_default_D_lswbv98w.log", 0, r ->
            assertThat(r.get("message").asString()).isEqualTo("CALL method OK 1.3ms")),
        row("older layout: file:line -", "serve/controller_85325.log", 0, r -> {
          assertThat(r.get("message").asString()).isEqualTo("Finished recovering deployments after 0.00s.");
          assertThat(text(r, "/ray/source")).isEqualTo("controller.py:403");
        }),
        row("≥ 2.40 controller, no request", "serve/controller_85325.log", 2, r -> {
          assertThat(r.get("message").asString()).startsWith("Replica(id='a1mjqmdq', deployment='api', app='default')");
          assertThat(text(r, "/ray/request_id")).isNull();
          assertThat(text(r, "/severity")).isEqualTo("INFO");
        }),
        row("≥ 2.40 inside a driver prefix", DRIVER, indexOf(DRIVER, "POST /analyze"), r -> {
          assertThat(r.get("message").asString()).isEqualTo("POST /analyze 200 1223.1ms");
          assertThat(text(r, "/ray/request_id")).isEqualTo("726f6fd6-771d-4626-9495-8f30bcd8143a");
          assertThat(text(r, "/ray/origin")).isEqualTo("ServeReplica:video-analyzer:VideoAnalyzer");
          assertThat(text(r, "/time")).isEqualTo("2026-01-04T04:05:36.284Z");
        }),
        row("older layout inside a driver prefix", DRIVER, indexOf(DRIVER, "Proxy starting"), r -> {
          assertThat(r.get("message").asString()).startsWith("Proxy starting on node 49c5");
          assertThat(text(r, "/ray/source")).isEqualTo("proxy.py:1235");
          assertThat(text(r, "/ray/pid")).isEqualTo("10254");
        }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("serveLines")
  void serveLinesInBothLayouts(String what, String file, int index, Consumer<JsonNode> check) {
    check.accept(records(file).get(index));
  }

  @Test
  void aServeMessageHoldingItsOwnSeparatorsKeepsThem() {
    String line = "INFO 2024-11-20 13:53:00,197 default_A zosusx8c 26891433-a91a-4d27-b543-0936feb5f5c1 -- a - b -- c";
    JsonNode r = Assembled.records(SESSION, "serve/replica_default_A_zosusx8c.log", line + "\n",
        ParseSettings.defaults(), null, 0).get(0);
    assertThat(r.get("message").asString()).isEqualTo("a - b -- c");
    String old = "INFO 2024-02-29 10:30:55,102 controller 85325 controller.py:403 - x - y";
    assertThat(Assembled.records(SESSION, "serve/controller_85325.log", old + "\n", ParseSettings.defaults(), null,
        0).get(0).get("message").asString()).isEqualTo("x - y");
  }

  static Stream<Arguments> colouredPrefixes() {
    return Stream.of(
        row("a coloured (raylet) C++ FATAL with its stack trace, joined as in raylet.out", DRIVER,
            indexOf(DRIVER, "Check failed: assigned_job_id_"), r -> {
              assertThat(text(r, "/severity")).isEqualTo("FATAL");
              assertThat(text(r, "/time")).isEqualTo("2025-04-20T12:03:44.360Z");
              assertThat(text(r, "/ray/origin")).isEqualTo("raylet");
              assertThat(r.get("message").asString()).startsWith(" Check failed: assigned_job_id_ == job_id")
                  .contains("\n*** StackTrace Information ***\n").endsWith("ray::raylet::Worker::SetJobId()")
                  .doesNotContain("\u001b").doesNotContain("(raylet)");
              assertThat(lines(r)).isEqualTo(5);
            }),
        row("a coloured (raylet) OOM ERROR, its blank line and advice joined", DRIVER,
            indexOf(DRIVER, "12 Workers (tasks / actors) killed"), r -> {
              assertThat(text(r, "/severity")).isEqualTo("ERROR");
              assertThat(text(r, "/time")).isEqualTo("2024-08-25T19:21:02.241Z");
              assertThat(text(r, "/ray/source")).isEqualTo("node_manager.cc:3064");
              assertThat(r.get("message").asString()).startsWith("12 Workers").contains("\n\nRefer to the documentation")
                  .doesNotContain("\u001b");
            }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("colouredPrefixes")
  void ansiColourCodesNeverReachTheMessage(String what, String file, int index, Consumer<JsonNode> check) {
    check.accept(records(file).get(index));
  }

  // --- crash output: findable by severity, and whole ---------------------------------------------------------------

  static Stream<Arguments> crashes() {
    return Stream.of(
        row("raw abseil report: FATAL at the time it states", SEGV_ERR, 0, r -> {
          assertThat(text(r, "/severity")).isEqualTo("FATAL");
          assertThat(text(r, "/time")).isEqualTo("2024-02-27T10:08:15.000Z");
          assertThat(lines(r)).isEqualTo(5);
        }),
        row("abseil report through Ray's logger, a header per line: one record", SEGV_ERR, 1, r -> {
          assertThat(text(r, "/severity")).isEqualTo("FATAL");
          assertThat(text(r, "/time")).isEqualTo("2024-02-27T18:08:15.439Z");
          assertThat(r.get("message").asString()).startsWith("*** SIGSEGV received at time=1709028495");
          assertThat(lines(r)).isEqualTo(5);
        }),
        row("faulthandler dump: FATAL, whole", SEGV_ERR, 2, r -> {
          assertThat(text(r, "/severity")).isEqualTo("FATAL");
          assertThat(r.get("message").asString()).startsWith("Fatal Python error: Segmentation fault\n\nThread 0x");
          assertThat(lines(r)).isEqualTo(7);
        }),
        row("a raw line before a traceback is a record of its own", RAW_ERR, 0, r -> {
          assertThat(r.get("message").asString()).isEqualTo("Ray worker pid: 2649");
          assertThat(r.has("severity")).isFalse();
        }),
        row("raw traceback: ERROR, whole", RAW_ERR, 1, r -> {
          assertThat(text(r, "/severity")).isEqualTo("ERROR");
          assertThat(r.get("message").asString()).endsWith("Exception: [RayletClient] Raylet connection closed.");
          assertThat(lines(r)).isEqualTo(10);
        }),
        row("raw abseil report in gcs_server.err", "gcs_server.err", 0, r -> {
          assertThat(text(r, "/severity")).isEqualTo("FATAL");
          assertThat(text(r, "/time")).isEqualTo("2022-09-09T17:28:11.000Z");
          assertThat(lines(r)).isEqualTo(2);
        }),
        row("its logged copy", "gcs_server.err", 1, r -> assertThat(text(r, "/severity")).isEqualTo("FATAL")),
        row("logged abseil report in raylet.out: one record", "raylet.out", 0, r -> {
          assertThat(text(r, "/severity")).isEqualTo("FATAL");
          assertThat(lines(r)).isEqualTo(3);
        }),
        row("RayTaskError: the remote traceback's frames belong to the record", DRIVER,
            indexOf(DRIVER, "Traceback (most recent call last):"), r -> {
              assertThat(text(r, "/severity")).isEqualTo("ERROR");
              assertThat(r.get("message").asString()).contains("\nray.worker.RayTaskError: ray_PPOAgent:train()")
                  .endsWith("    result = self._train()");
              assertThat(lines(r)).isEqualTo(12);
            }),
        row("Error raised in creation task: the actor's error follows", DRIVER,
            indexOf(DRIVER, "Error raised in creation task:"), r -> {
              assertThat(text(r, "/severity")).isEqualTo("ERROR");
              assertThat(text(r, "/ray/pid")).isEqualTo("73260");
              assertThat(r.get("message").asString()).startsWith("Error raised in creation task:\nThe actor died")
                  .endsWith("outputs = function_executor(*args, **kwargs)").doesNotContain("(pid=73260) ");
              assertThat(lines(r)).isEqualTo(6);
            }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crashes")
  void crashOutputHasItsSeverityAndIsOneRecord(String what, String file, int index, Consumer<JsonNode> check) {
    check.accept(records(file).get(index));
  }

  static Stream<Arguments> driverContinuations() {
    return Stream.of(
        row("raw abseil report behind one prefix", DRIVER, 0, r -> {
          assertThat(text(r, "/severity")).isEqualTo("FATAL");
          assertThat(text(r, "/ray/pid")).isEqualTo("399214");
          assertThat(r.get("message").asString()).isEqualTo("*** SIGSEGV received at time=1769401922 on cpu 33 ***\n"
              + "PC: @     0x7f59e8bb20bc  (unknown)  (unknown)\n    @     0x7f59e8a42520  (unknown)  (unknown)");
        }),
        row("its logged copy", DRIVER, 1, r -> {
          assertThat(text(r, "/time")).isEqualTo("2026-01-26T04:32:02.497Z");
          assertThat(lines(r)).isEqualTo(3);
        }),
        row("faulthandler dump with a blank line after the prefix", DRIVER, 2, r -> {
          assertThat(text(r, "/severity")).isEqualTo("FATAL");
          assertThat(r.get("message").asString()).startsWith("Fatal Python error: Segmentation fault\n\nStack (most");
          assertThat(lines(r)).isEqualTo(7);
        }),
        row("logged abseil behind (pid=…, ip=…)", DRIVER, indexOf(DRIVER, "received at time=1663811727"), r -> {
          assertThat(text(r, "/ray/ip")).isEqualTo("172.31.92.227");
          assertThat(lines(r)).isEqualTo(4);
        }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("driverContinuations")
  void driverLinesWithTheSamePrefixContinueARecord(String what, String file, int index, Consumer<JsonNode> check) {
    check.accept(records(file).get(index));
  }

  @Test
  void aLineOfAnotherProcessNeverContinuesARecord() {
    String text = "(pid=1) Traceback (most recent call last):\n(pid=2)   File \"a.py\", line 1, in f\n";
    List<JsonNode> records = Assembled.records(SESSION, DRIVER, text, ParseSettings.defaults(), null, 0);
    assertThat(records).hasSize(2);
  }

  static Stream<Arguments> glogLines() {
    return Stream.of(0, 1, 2, 3).map(i -> row("gRPC glog line " + i, "raylet.err", i, r -> {
      assertThat(text(r, "/severity")).isEqualTo("ERROR");
      assertThat(text(r, "/time")).startsWith("2026-05-18T11:58:");
      assertThat(text(r, "/ray/tid")).isEqualTo("152858");
      assertThat(text(r, "/ray/source")).isEqualTo("fork_posix.cc:76");
      assertThat(r.get("message").asString())
          .isEqualTo("Other threads are currently calling into gRPC, skipping fork() handlers");
    }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("glogLines")
  void glogLinesAreOneRecordEachWithTheirSeverityAndTime(String what, String file, int index, Consumer<JsonNode> check) {
    check.accept(records(file).get(index));
  }

  @Test
  void theFirstGlogLineIsReadToTheMillisecond() {
    assertThat(text(records("raylet.err").get(0), "/time")).isEqualTo("2026-05-18T11:58:19.406Z");
  }

  @Test
  void aFileOfUnrelatedHeaderlessLinesIsNeverOneBigRecord() {
    String unrelated = read("ray-data/ray-data.log").repeat(300); // 1500 lines that are no C++ header
    List<JsonNode> records = Assembled.records(SESSION, "raylet.err", unrelated, ParseSettings.defaults(), null, 0);
    assertThat(records).hasSize(1500).allSatisfy(r -> assertThat(lines(r)).isEqualTo(1));
  }

  // --- everything Ray writes is recognised ---------------------------------------------------------------------

  static Stream<Arguments> recognised() {
    return Stream.of(
        row("Ray Data's log: classified and parsed", "ray-data/ray-data.log", 0, r -> {
          assertThat(text(r, "/ray/component")).isEqualTo("ray_data");
          assertThat(text(r, "/severity")).isEqualTo("DEBUG");
          assertThat(text(r, "/ray/source")).isEqualTo("util.py:203");
          assertThat(r.get("message").asString()).startsWith("Autodetected parallelism=20");
        }),
        row("(autoscaler +1m49s)", DRIVER, indexOf(DRIVER, "Tip: use `ray status`"), r -> {
          assertThat(text(r, "/ray/origin")).isEqualTo("autoscaler");
          assertThat(r.get("message").asString()).startsWith("Tip: use `ray status`");
        }),
        row("(pid=runtime_env, ip=…)", DRIVER, indexOf(DRIVER, "ValueError: Local directory"), r -> {
          assertThat(text(r, "/ray/origin")).isEqualTo("runtime_env");
          assertThat(text(r, "/ray/ip")).isEqualTo("192.168.1.100");
          assertThat(r.at("/ray/pid").isMissingNode()).isTrue();
        }),
        row("SUCC of Ray's CLI logger is INFO", DRIVER, indexOf(DRIVER, "Submitted deploy config"), r -> {
          assertThat(text(r, "/severity")).isEqualTo("INFO");
          assertThat(text(r, "/ray/source")).isEqualTo("scripts.py:540");
        }),
        row("event custom_fields ids go to ray", "events/event_JOBS.log", 0, r -> {
          assertThat(text(r, "/ray/job_id")).isEqualTo("01000000");
          assertThat(text(r, "/ray/submission_id")).isEqualTo("rayjob-abc");
          assertThat(r.at("/attributes/job_id").isMissingNode()).isTrue();
        }),
        row("monitor.out status block: the time its header states", "monitor.out", 0, r -> {
          assertThat(text(r, "/time")).isEqualTo("2023-07-18T02:18:09.914Z");
          assertThat(lines(r)).isEqualTo(20);
        }),
        row("monitor.log status block joins its empty-message header", "monitor.log", 2, r -> {
          assertThat(text(r, "/time")).isEqualTo("2023-07-18T02:18:14.985Z");
          assertThat(r.get("message").asString()).startsWith("\n======== Autoscaler status: 2023-07-18 02:18:14.985085");
        }),
        row("a record never ends with the blank line after it", "raylet.out", 1, r -> {
          assertThat(r.get("message").asString()).startsWith("12 Workers").endsWith("set the environment variable "
              + "`RAY_memory_monitor_refresh_ms` to zero.");
          assertThat(lines(r)).isEqualTo(3);
        }),
        row("… the blank line is a record of its own", "raylet.out", 2, r ->
            assertThat(r.get("message").asString()).isEmpty()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recognised")
  void everythingRayWritesIsRecognised(String what, String file, int index, Consumer<JsonNode> check) {
    check.accept(records(file).get(index));
  }

  @Test
  void basicConfigLinesAndThreadExceptionsOfTheOlderFixtures() throws IOException {
    Path old = Path.of("test-fixtures/ray/head/session_2026-11-25_09-12-03_481516_1/logs");
    String err = "worker-13b7d16a34fa42c5a420a415115676c90ae5dfd3b6100f104ddb1093-01000000-1834.err";
    JsonNode basic = Assembled.records(err, Files.readString(old.resolve(err))).stream()
        .filter(r -> r.get("message").asString().startsWith("feature matrix")).findFirst().orElseThrow();
    assertThat(text(basic, "/severity")).isEqualTo("WARN");
    assertThat(text(basic, "/attributes/logger")).isEqualTo("__main__");

    Path worker = Path.of("test-fixtures/ray/worker/session_2026-11-25_10-00-00_123456_1/logs");
    String thread = "worker-83163f1496a54353d35b04a8c37e492496f627df4beed99d98d5b6f0-01000000-248.err";
    JsonNode heartbeat = Assembled.records(thread, Files.readString(worker.resolve(thread))).stream()
        .filter(r -> r.get("message").asString().startsWith("Exception in thread")).findFirst().orElseThrow();
    assertThat(text(heartbeat, "/severity")).isEqualTo("ERROR");
    assertThat(heartbeat.get("message").asString()).contains("\nTraceback (most recent call last):\n")
        .endsWith("BrokenPipeError: [Errno 32] Broken pipe");
  }

  @Test
  void anEmptyActorNameOfAStructuredLineLeavesTheMarkers() {
    String text = ":actor_name:Counter\n{\"asctime\": \"2026-03-02 10:15:07,412\", \"levelname\": \"INFO\", \"message\": "
        + "\"m\", \"actor_name\": \"\", \"task_name\": \"\"}\n";
    JsonNode r = Assembled.records(SESSION, TEXT_ERR, text, ParseSettings.defaults(), null, 0).get(0);
    assertThat(text(r, "/ray/actor_name")).isEqualTo("Counter");
    assertThat(r.at("/ray/task_name").isMissingNode()).isTrue();
  }

  // --- the whole corpus ------------------------------------------------------------------------------------------

  @Test
  void everyLineOfTheCorpusIsInExactlyOneRecordAndEveryHeaderIsParsed() throws IOException {
    for (String file : files()) {
      String text = read(file);
      List<JsonNode> records = records(file);
      long lines = text.chars().filter(c -> c == '\n').count();
      assertThat(records.stream().mapToLong(CorpusTest::lines).sum()).as(file).isEqualTo(lines);
      assertThat(records).as(file).noneSatisfy(r -> assertThat(r.get("message").asString())
          .matches("(?s)(\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} |\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}[\\t ]"
              + "[A-Z]|[A-Z]+ \\d{4}-\\d\\d-\\d\\d |[IWEF]\\d{4} |\\(\\S+ pid=|\\u001b).*"));
    }
  }

  @Test
  void anyChunkingOfTheCorpusYieldsTheSameRecords() throws IOException {
    long seed = Long.getLong("raylog.chunkSeed", System.nanoTime());
    Random random = new Random(seed);
    for (String file : files()) {
      String text = read(file);
      List<JsonNode> whole = Assembled.records(SESSION, file, text, ParseSettings.defaults(), null, 0);
      List<JsonNode> chunked = Assembled.records(SESSION, file, text, ParseSettings.defaults(), random, 0);
      assertThat(chunked).as("%s with -Draylog.chunkSeed=%d", file, seed).isEqualTo(whole);
    }
  }

  static List<String> files() throws IOException {
    try (Stream<Path> walk = Files.walk(LOGS)) {
      List<String> files = new ArrayList<>();
      walk.filter(Files::isRegularFile).forEach(f -> files.add(LOGS.relativize(f).toString().replace('\\', '/')));
      return files;
    }
  }

  /** The index of the first record of {@code file} whose message contains {@code text}. */
  static int indexOf(String file, String text) {
    List<JsonNode> records = records(file);
    for (int i = 0; i < records.size(); i++) {
      if (records.get(i).get("message").asString().contains(text)) {
        return i;
      }
    }
    throw new AssertionError("no record of " + file + " holds " + text);
  }
}
