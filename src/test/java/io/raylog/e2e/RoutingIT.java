package io.raylog.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raylog.sink.testing.LoopbackHttpServer;
import io.raylog.sink.testing.LoopbackHttpServer.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The built jar with several sinks, filtered, budgeted and routed by record fields: each gets exactly the records its
 * filter and budget let through, every drop is counted, and the checkpoints reach the end of every file, including
 * the files whose records one sink never takes or drops.
 */
class RoutingIT {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String SESSION = "session_2026-11-25_10-00-00_123456_1";
  static final String NOISY_JOB = worker("01000000");
  static final String QUIET_JOB = worker("02000000");

  @TempDir Path dir;

  static String worker(String job) {
    return "worker-12b4d8641c7f0da733ccadc0a4765fc7f69dfb3ccfab07b3b7478a7d-" + job + "-18912.out";
  }

  /** One session under {@code dir/ray} holding {@code files} (names relative to its logs/); the root. */
  Path session(Map<String, String> files) throws Exception {
    Path root = dir.resolve("ray");
    Path logs = Files.createDirectories(root.resolve(SESSION + "/logs"));
    for (Map.Entry<String, String> file : files.entrySet()) {
      Files.writeString(logs.resolve(file.getKey()), file.getValue());
    }
    return root;
  }

  /** The end-to-end file sink's configuration with {@code sinks} (YAML list items) after it, and /metrics served. */
  Path config(Path root, Path all, String sinks) throws Exception {
    Path config = Configs.fileSink(dir, root, all, "shutdown_timeout: 5s\n");
    return Files.writeString(config, Files.readString(config).replace("server:\n  enabled: false", sinks.stripTrailing()
        + "\nserver:\n  address: 127.0.0.1\n  port: 0"));
  }

  /** Waits until the saved checkpoints reach the end of every one of {@code files}. */
  void awaitCheckpointsAtTheEnd(Map<String, String> files) {
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      List<Long> offsets = SavedOffsets.of(dir.resolve("state"));
      return files.values().stream().allMatch(text -> offsets.contains((long) text.length()));
    });
  }

  /** {@code count} lines of Ray's C++ format (so that parsing makes each one record) by a {@code line(i)}. */
  static String cppLines(int count, java.util.function.IntFunction<String> line) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append(line.apply(i)).append('\n');
    }
    return text.toString();
  }

  static String plainLines(int count, String prefix) {
    return cppLines(count, i -> prefix + " " + i);
  }

  @Test
  void aFilteredSinkGetsOnlyItsRecordsAndNeverHoldsBackTheCheckpoints() throws Exception {
    Map<String, String> files = Map.of(
        "raylet.out", cppLines(5_000, i -> "[2026-11-25 10:00:00,000 I 112 112] (raylet) a.cc:1: raylet line " + i),
        "gcs_server.out", cppLines(500, i -> "[2026-11-25 10:00:00,000 W 75 75] (gcs_server) b.cc:2: gcs line " + i));
    Path all = dir.resolve("all.ndjson");
    Path onlyGcs = dir.resolve("gcs.ndjson");
    Path config = config(session(files), all, """
          - name: gcs
            type: file
            path: %s
            filter: component in (gcs_server) and not component == raylet and severity >= WARN
        """.formatted(onlyGcs));
    try (RaylogProcess raylog = RaylogProcess.start(dir, "run", "--config", config.toString())) {
      NdjsonFile allOut = new NdjsonFile(all);
      NdjsonFile gcsOut = new NdjsonFile(onlyGcs);
      await().atMost(Duration.ofSeconds(30)).until(() -> allOut.poll().size() == 5_500 && gcsOut.poll().size() == 500);
      awaitCheckpointsAtTheEnd(files);
      assertThat(gcsOut.poll()).allSatisfy((JsonNode record) ->
          assertThat(record.get("ray").get("component").asString()).isEqualTo("gcs_server"));
      assertThat(raylog.terminate(30)).isIn(0, 143);
    }
  }

  @Test
  void messageFiltersRateLimitsAndSamplingDropOnlyWhatTheySayCountItAndLetCheckpointsMoveOn() throws Exception {
    Map<String, String> files = Map.of(
        NOISY_JOB, plainLines(5_000, "noisy step"),
        QUIET_JOB, plainLines(50, "quiet step"),
        "raylet.out", cppLines(200, i -> i % 20 == 0
            ? "[2026-11-25 10:00:00,000 E 112 112] (raylet) m.cc:9: OOM: killed " + i + " workers"
            : "[2026-11-25 10:00:00,000 " + (i % 2 == 0 ? "I" : "D") + " 112 112] (raylet) a.cc:1: line " + i));
    Path all = dir.resolve("all.ndjson");
    Path perJob = dir.resolve("per-job.ndjson");
    Path oom = dir.resolve("oom.ndjson");
    Path sampled = dir.resolve("sampled.ndjson");
    Path config = config(session(files), all, """
          - name: per_job
            type: file
            path: %s
            filter: component == worker
            rate_limit: {key: job_id, lines_per_second: 50, burst: 100}
          - name: oom
            type: file
            path: %s
            filter: message contains 'OOM:' and message matches 'killed [0-9]+ workers$'
          - name: sampled
            type: file
            path: %s
            filter: component == raylet
            sample: {filter: 'severity == DEBUG', keep_one_in: 10}
        """.formatted(perJob, oom, sampled));
    try (RaylogProcess raylog = RaylogProcess.start(dir, "run", "--config", config.toString())) {
      int port = ServedRaylog.awaitPort(raylog);
      NdjsonFile allOut = new NdjsonFile(all);
      await().atMost(Duration.ofSeconds(30)).until(() -> allOut.poll().size() == 5_250);
      awaitCheckpointsAtTheEnd(files);

      Map<String, Integer> byJob = new TreeMap<>();
      new NdjsonFile(perJob).poll().forEach(r -> byJob.merge(r.get("ray").get("job_id").asString(), 1, Integer::sum));
      assertThat(byJob.get("02000000")).as("the quiet job, within its burst, whole").isEqualTo(50);
      assertThat(byJob.get("01000000")).as("the noisy job: its burst and what refilled meanwhile").isBetween(100, 2_500);
      assertThat(new NdjsonFile(oom).poll()).extracting(r -> r.get("message").asString())
          .hasSize(10).allSatisfy(message -> assertThat(message).startsWith("OOM: killed"));
      List<JsonNode> raylet = new NdjsonFile(sampled).poll();
      assertThat(raylet).filteredOn(r -> r.get("severity").asString().equals("DEBUG")).as("1 in 10 of 100").hasSize(10);
      assertThat(raylet).filteredOn(r -> !r.get("severity").asString().equals("DEBUG")).hasSize(100);

      String metrics = Scrapes.scrape(port);
      assertThat(Scrapes.sum(metrics, "raylog_sink_records_dropped_total{reason=\"rate_limit\",sink=\"per_job\",type=\"file\"}"))
          .as("every record over the limit counted").isEqualTo(5_000 - byJob.get("01000000"));
      assertThat(Scrapes.sum(metrics, "raylog_sink_records_dropped_total{reason=\"sampled\",sink=\"sampled\",type=\"file\"}"))
          .isEqualTo(90);
      assertThat(raylog.stderrText()).as("the key that dropped most is logged")
          .contains("sink per_job: over its rate_limit").contains("by job_id (the most): 01000000: ");
      assertThat(raylog.terminate(30)).isIn(0, 143);
    }
  }

  @Test
  void lokiGetsTheJobAsStructuredMetadataAndElasticsearchAnIndexPerComponentAndJob() throws Exception {
    Map<String, String> files = Map.of(
        NOISY_JOB, plainLines(30, "step"),
        "raylet.out", cppLines(20, i -> "[2026-11-25 10:00:00,000 I 112 112] (raylet) a.cc:1: line " + i));
    try (LoopbackHttpServer loki = new LoopbackHttpServer(); LoopbackHttpServer es = new LoopbackHttpServer()) {
      loki.respond(request -> new Reply.Status(204, "", Map.of()));
      es.respond(request -> Reply.ok("{\"errors\":false}"));
      Path config = config(session(files), dir.resolve("all.ndjson"), """
            - name: loki
              type: loki
              format: json
              url: %s
            - name: es
              type: elasticsearch
              url: %s
              index: ray-{component}-{job_id}
          """.formatted(loki.url("/loki/api/v1/push"), es.url("")));
      try (RaylogProcess raylog = RaylogProcess.start(dir, "run", "--config", config.toString())) {
        awaitCheckpointsAtTheEnd(files);
        Map<String, String> jobByMessage = new HashMap<>();
        List<String> labels = new ArrayList<>();
        for (LoopbackHttpServer.Request push : loki.requests()) {
          for (JsonNode stream : JSON.readTree(push.bodyText()).get("streams")) {
            labels.add(stream.get("stream").toString());
            for (JsonNode entry : stream.get("values")) {
              String message = JSON.readTree(entry.get(1).asString()).get("message").asString();
              jobByMessage.put(message, entry.size() > 2 ? entry.get(2).get("job_id").asString() : "-");
            }
          }
        }
        assertThat(jobByMessage).hasSize(50).containsEntry("step 0", "01000000").containsEntry("line 0", "-");
        assertThat(labels).noneMatch(stream -> stream.contains("job"));

        Map<String, Integer> byIndex = new TreeMap<>();
        for (LoopbackHttpServer.Request bulk : es.requests()) {
          for (String line : bulk.bodyText().split("\n")) {
            JsonNode action = JSON.readTree(line).get("create");
            if (action != null) {
              byIndex.merge(action.get("_index").asString(), 1, Integer::sum);
            }
          }
        }
        assertThat(byIndex).isEqualTo(Map.of("ray-worker-01000000", 30, "ray-raylet-unknown", 20));
        assertThat(raylog.terminate(30)).isIn(0, 143);
      }
    }
  }
}
