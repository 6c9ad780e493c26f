package io.raylog.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The built jar on the bundled Ray session trees, as the README's quick start runs it. */
class FixturesIT {
  @TempDir Path dir;

  @Test
  void shipsEveryLineOfTheFixtureTreesOnceWithItsSourceAndResumesAfterARestart() throws Exception {
    Path root = dir.resolve("ray");
    Process copy = new ProcessBuilder("cp", "-a", Path.of("test-fixtures/ray").toAbsolutePath().toString(), root.toString()).inheritIO().start();
    assertThat(copy.waitFor()).isZero();
    // The corpus of real Ray output (test-fixtures/corpus/SOURCES.md): one more Ray temp dir, beside the two.
    Process corpusCopy = new ProcessBuilder("cp", "-a", Path.of("test-fixtures/corpus/ray").toAbsolutePath().toString(),
        root.resolve("corpus").toString()).inheritIO().start();
    assertThat(corpusCopy.waitFor()).isZero();
    // Every line is shipped once, in a record of its own or joined into a multi-line one, except Ray's worker
    // markers and tqdm progress lines, which are not shipped.
    long expected = countLines(root) - countMarkersAndTqdm(root);
    Path config = dir.resolve("quickstart.yaml");
    Files.writeString(config, """
        discovery:
          static:
            roots: [%s, %s, %s]
        state_dir: %s
        tail:
          partial_line_timeout: 300ms
        sinks:
          - name: console
            type: stdout
        server:
          enabled: false
        """.formatted(root.resolve("head"), root.resolve("worker"), root.resolve("corpus"), dir.resolve("state")));

    List<JsonNode> records;
    try (RaylogProcess raylog = RaylogProcess.start(dir, "run", "--config", config.toString())) {
      NdjsonFile out = new NdjsonFile(raylog.stdout());
      await().atMost(Duration.ofSeconds(30)).until(() -> linesIn(out.poll()) >= expected);
      Thread.sleep(500); // nothing more may come
      records = out.poll();
      assertThat(raylog.terminate(30)).as("SIGTERM exit code").isIn(0, 143);
      assertThat(raylog.stderrText()).contains("raylog stopped").doesNotContain("ERROR");
      // raylog's own log, configured in code (DefaultLogConfigurator): the format logback.xml gave, every line.
      assertThat(raylog.stderrText().lines().toList()).isNotEmpty().allSatisfy(line -> assertThat(line).matches(
          "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) (INFO |WARN ) \\[[^]]+\\] [\\w.$]+ - .*"));
      assertThat(raylog.stderrText()).containsPattern("(?m) INFO  \\[main\\] io\\.raylog\\.Main - raylog started: 3 root\\(s\\)");
    }
    assertThat(linesIn(records)).as("every line in exactly one record").isEqualTo(expected);
    assertThat(records).allSatisfy(r -> {
      assertThat(r.get("time").asString()).endsWith("Z");
      assertThat(r.get("observed_time").asString()).endsWith("Z");
      assertThat(r.has("message")).isTrue();
      assertThat(r.at("/ray/session").asString()).startsWith("session_2026-");
      assertThat(r.at("/log/path").asString()).startsWith(root.toString()).doesNotContain("session_latest");
      assertThat(r.at("/log/offset").isIntegralNumber()).isTrue();
    });
    assertThat(records.stream().map(r -> r.at("/log/path").asString() + "@" + r.at("/log/offset").asLong()).distinct())
        .as("no line twice").hasSize(records.size());
    assertThat(componentOf(records, "raylet.out")).isEqualTo("raylet");
    assertThat(componentOf(records, "gcs_server.1.out")).isEqualTo("gcs_server");
    assertThat(componentOf(records, "events/event_GCS.log")).isEqualTo("event");
    assertThat(componentOf(records, "serve/replica_default_Model_rdofcrh4.log")).isEqualTo("serve_replica");
    assertThat(records).anySatisfy(r -> assertThat(r.get("message").asString()).isEqualTo("shard 7: uploading part-00007.parquet .........."));
    String worker = "worker-a4312c8310ce8485b7d20d2f96e36da89375d924fc39b449cd414d68-01000000-547.out";
    JsonNode workerRecord = records.stream().filter(r -> r.at("/ray/file").asString().equals(worker)).findFirst().orElseThrow();
    assertThat(workerRecord.at("/ray/worker_id").asString()).isEqualTo("a4312c8310ce8485b7d20d2f96e36da89375d924fc39b449cd414d68");
    assertThat(workerRecord.at("/ray/job_id").asString()).isEqualTo("01000000");
    assertThat(workerRecord.at("/ray/pid").asLong()).isEqualTo(547);
    assertThat(records).filteredOn(r -> r.at("/ray/component").asString().equals("job_driver")
            && r.at("/ray/session").asString().equals("session_2026-11-25_10-00-00_123456_1")).isNotEmpty()
        .allSatisfy(r -> assertThat(r.at("/ray/submission_id").asString()).isEqualTo("raysubmit_X4bTz9KqW2mNe7Rd"));

    // What raylog understands of Ray's formats (docs/ray-records.md), on the fixtures' real lines.
    JsonNode rayletRecord = records.stream()
        .filter(r -> r.at("/log/path").asString().endsWith("head/session_2026-11-25_10-00-00_123456_1/logs/raylet.out"))
        .findFirst().orElseThrow();
    assertThat(rayletRecord.get("severity").asString()).isEqualTo("INFO");
    assertThat(rayletRecord.at("/ray/source").asString()).isEqualTo("worker_pool.cc:526");
    assertThat(rayletRecord.get("message").asString()).isEqualTo("Started worker process with pid 589, the token is 10");
    assertThat(rayletRecord.get("time").asString()).isEqualTo("2026-11-25T10:10:58.301Z");
    String err = "worker-a4312c8310ce8485b7d20d2f96e36da89375d924fc39b449cd414d68-01000000-547.err";
    assertThat(records).filteredOn(r -> r.at("/ray/file").asString().equals(err))
        .anySatisfy(r -> assertThat(r.get("message").asString()).startsWith("Traceback (most recent call last):")
            .contains("During handling of the above exception").endsWith("ValueError: shard 5 has no index entry"))
        .allSatisfy(r -> assertThat(r.at("/ray/task_name").asString()).isEqualTo("compute"))
        .noneSatisfy(r -> assertThat(r.get("message").asString()).startsWith(":task_name:"));
    assertThat(first(records, "serve/replica_default_Model_rdofcrh4.log").at("/ray/replica").asString()).isEqualTo("rdofcrh4");
    assertThat(first(records, "events/event_GCS.log").at("/attributes/label").asString()).isEqualTo("RAY_NODE_REMOVED");
    assertThat(records).filteredOn(r -> r.at("/ray/component").asString().equals("job_driver"))
        .anySatisfy(r -> assertThat(r.at("/ray/origin").asString()).isEqualTo("ShardWriter(prefix='out/')"));

    // Every header of the corpus parsed: no record starts with a C++, Python, Serve or glog header, a driver prefix
    // or a colour code, and its crash output is findable by severity.
    List<JsonNode> corpus = records.stream().filter(r -> r.at("/log/path").asString().startsWith(root.resolve("corpus").toString())).toList();
    assertThat(corpus).hasSizeGreaterThan(40).noneSatisfy(r -> assertThat(r.get("message").asString()).matches(
        "(?s)(\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} |\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}[\\t ][A-Z]"
            + "|[A-Z]+ \\d{4}-\\d\\d-\\d\\d |[IWEF]\\d{4} |\\(\\S+ pid=|\\u001b).*"));
    assertThat(corpus).filteredOn(r -> r.get("message").asString().startsWith("*** SIGSEGV"))
        .isNotEmpty().allSatisfy(r -> assertThat(r.get("severity").asString()).isEqualTo("FATAL"));
    assertThat(corpus).filteredOn(r -> r.get("message").asString().startsWith("Traceback (most recent call last):"))
        .isNotEmpty().allSatisfy(r -> assertThat(r.get("severity").asString()).isEqualTo("ERROR"));

    // A restart resumes from the checkpoints: only what was appended since is shipped.
    Path raylet = root.resolve("head/session_2026-11-25_10-00-00_123456_1/logs/raylet.out");
    Files.writeString(raylet, "[2026-11-25 10:45:00,000 I 112 112] (raylet) main.cc:1: appended after restart\n",
        java.nio.file.StandardOpenOption.APPEND);
    try (RaylogProcess raylog = RaylogProcess.start(dir, "run", "--config", config.toString())) {
      NdjsonFile out = new NdjsonFile(raylog.stdout());
      await().atMost(Duration.ofSeconds(30)).until(() -> !out.poll().isEmpty());
      Thread.sleep(1000);
      assertThat(out.poll()).singleElement().satisfies(r -> assertThat(r.get("message").asString()).endsWith("appended after restart"));
      raylog.terminate(30);
    }
  }

  private static JsonNode first(List<JsonNode> records, String file) {
    return records.stream().filter(r -> r.at("/ray/file").asString().equals(file)).findFirst()
        .orElseThrow(() -> new AssertionError("no record of " + file));
  }

  private static String componentOf(List<JsonNode> records, String file) {
    return records.stream().filter(r -> r.at("/ray/file").asString().equals(file)).findFirst()
        .orElseThrow(() -> new AssertionError("no record of " + file)).at("/ray/component").asString();
  }

  /** Lines that the records hold: a record's message has one line more than it has newlines. */
  static long linesIn(List<JsonNode> records) {
    return records.stream().mapToLong(r -> r.get("message").asString().chars().filter(c -> c == '\n').count() + 1).sum();
  }

  /** {@code :job_id:}, {@code :actor_name:}, {@code :task_name:} and tqdm lines of worker output and driver logs. */
  static long countMarkersAndTqdm(Path root) throws Exception {
    try (Stream<Path> files = Files.walk(root)) {
      long total = 0;
      for (Path file : files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
        String name = file.getFileName().toString();
        if (name.startsWith("worker-") || name.startsWith("job-driver-")) {
          total += Files.readAllLines(file).stream().filter(l -> l.startsWith(":job_id:") || l.startsWith(":actor_name:")
              || l.startsWith(":task_name:") || l.substring(0, Math.min(64, l.length())).contains("__ray_tqdm_magic_token__"))
              .count();
        }
      }
      return total;
    }
  }

  /** Lines under every session's logs/, not following symlinks; a last line without newline counts too. */
  static long countLines(Path root) throws Exception {
    try (Stream<Path> files = Files.walk(root)) {
      long total = 0;
      for (Path file : files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && f.toString().contains("/logs/")).toList()) {
        byte[] bytes = Files.readAllBytes(file);
        for (byte b : bytes) {
          if (b == '\n') {
            total++;
          }
        }
        if (bytes.length > 0 && bytes[bytes.length - 1] != '\n') {
          total++;
        }
      }
      return total;
    }
  }
}
