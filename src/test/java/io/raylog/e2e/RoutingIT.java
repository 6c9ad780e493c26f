package io.raylog.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The built jar with two sinks, one of them filtered: each gets exactly the records its filter takes, and the
 * checkpoints reach the end of every file, including the files whose records one sink never takes.
 */
class RoutingIT {
  @TempDir Path dir;

  @Test
  void aFilteredSinkGetsOnlyItsRecordsAndNeverHoldsBackTheCheckpoints() throws Exception {
    RayTempDir ray = RayTempDir.create(dir);
    StringBuilder raylet = new StringBuilder();
    StringBuilder gcs = new StringBuilder();
    for (int i = 0; i < 5_000; i++) {
      // in Ray's format, so that parsing makes each line one record
      raylet.append("[2026-11-25 10:00:00,000 I 112 112] (raylet) a.cc:1: raylet line ").append(i).append('\n');
      if (i % 10 == 0) {
        gcs.append("[2026-11-25 10:00:00,000 W 75 75] (gcs_server) b.cc:2: gcs line ").append(i).append('\n');
      }
    }
    Files.writeString(ray.logs().resolve("raylet.out"), raylet);
    Files.writeString(ray.logs().resolve("gcs_server.out"), gcs);
    Path all = dir.resolve("all.ndjson");
    Path onlyGcs = dir.resolve("gcs.ndjson");
    Path config = Configs.fileSink(dir, ray.root(), all, """
        shutdown_timeout: 5s
        """);
    Files.writeString(config, Files.readString(config).replace("server:", """
          - name: gcs
            type: file
            path: %s
            filter: component in (gcs_server) and not component == raylet and severity >= WARN
        server:""".formatted(onlyGcs)));
    try (RaylogProcess raylog = RaylogProcess.start(dir, "run", "--config", config.toString())) {
      NdjsonFile allOut = new NdjsonFile(all);
      NdjsonFile gcsOut = new NdjsonFile(onlyGcs);
      await().atMost(Duration.ofSeconds(30)).until(() -> allOut.poll().size() == 5_500 && gcsOut.poll().size() == 500);
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        List<Long> offsets = SavedOffsets.of(dir.resolve("state"));
        return offsets.contains((long) raylet.length()) && offsets.contains((long) gcs.length());
      });
      assertThat(gcsOut.poll()).allSatisfy((JsonNode record) ->
          assertThat(record.get("ray").get("component").asString()).isEqualTo("gcs_server"));
      assertThat(raylog.terminate(30)).isIn(0, 143);
    }
  }
}
