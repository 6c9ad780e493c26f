package io.raylog.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One of two sinks fails every write (a full disk: /dev/full). Reading pauses at the memory limit instead of
 * buffering without bound, the failure shows in the metrics, and the checkpoints stay behind what the failing sink
 * has not accepted, so that a restart without it ships every line.
 */
class SinkOutageIT {
  @TempDir Path dir;

  @Test
  void aFailingSinkPausesReadingAndHoldsTheCheckpointsBack() throws Exception {
    RayTempDir ray = RayTempDir.create(dir);
    Files.writeString(ray.logs().resolve("raylet.out"), LongStream.range(0, 100_000)
        .mapToObj(i -> NumberedStreams.rayletLine(i, "some padding to make the line longer")).collect(Collectors.joining()));
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Path good = dir.resolve("good.ndjson");
    String broken = Configs.fileSink("broken", Path.of("/dev/full")); // a full disk: every write fails
    Path config = Configs.write(dir, Configs.staticRoots(dir, ray.root()), """
        checkpoint:
          interval: 100ms
        shutdown_timeout: 2s
        pipeline:
          memory_limit: 2MiB
          batch:
            max_bytes: 256KiB
        sinks:
        """, Configs.fileSink("good", good), broken, """
        server:
          address: 127.0.0.1
          port: %d
        """.formatted(port));
    HttpClient http = HttpClient.newHttpClient();
    try (RaylogProcess raylog = RaylogProcess.start(dir, "run", "--config", config.toString())) {
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> metrics(http, port).contains("raylog_reading_paused 1.0"));
      String metrics = metrics(http, port);
      assertThat(metrics).containsPattern("raylog_sink_failures_total\\{sink=\"broken\",type=\"file\"} [1-9]");
      long shipped = new NdjsonFile(good).poll().size();
      assertThat(shipped).as("reading paused: the good sink got what fits in the memory limit, not everything")
          .isBetween(1L, 50_000L);
      Thread.sleep(500); // several checkpoint intervals
      assertThat(SavedOffsets.of(dir.resolve("state")))
          .as("nothing is committed that the broken sink did not accept").allMatch(offset -> offset == 0);
      assertThat(raylog.terminate(30)).isIn(0, 143);
      assertThat(raylog.stderrText()).contains("sink broken: write failed").contains("will be read again at the next start");
    }

    Files.writeString(config, Files.readString(config).replace(broken, ""));
    try (RaylogProcess raylog = RaylogProcess.start(dir, "run", "--config", config.toString())) {
      NdjsonFile out = new NdjsonFile(good);
      await().atMost(Duration.ofSeconds(30)).until(() -> new RayLikeWriter.Check(out.poll()).distinct(0) == 100_000);
      raylog.terminate(30);
    }
  }

  private static String metrics(HttpClient http, int port) throws Exception {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
