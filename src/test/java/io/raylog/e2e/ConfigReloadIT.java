package io.raylog.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raylog.sink.testing.LoopbackHttpServer;
import io.raylog.sink.testing.LoopbackHttpServer.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The built jar reloads its configuration without a restart, on {@code SIGHUP} and when a ConfigMap-style symlink
 * swap changes the file: a sink added while lines flow gets every line from the reload on and the first sink loses and
 * repeats none; a sink that is down and removed no longer holds the checkpoints back; an invalid file is refused
 * (counted, logged with its key path) and the running configuration goes on.
 */
class ConfigReloadIT {
  static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();
  @TempDir Path dir;
  Path raylet;
  int port;
  volatile int written;

  @BeforeEach
  void rayTree() throws IOException {
    raylet = Files.createDirectories(dir.resolve("ray/session_2026-11-25_10-00-00_123456_1/logs")).resolve("raylet.out");
    Files.createFile(raylet);
    try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort(); // a fixed port: the pipeline a reload starts listens where the last one did
    }
  }

  /** A configuration with these sinks (YAML list items, indented by 2). */
  String config(String sinks) {
    return """
        discovery:
          static:
            roots: [%s]
        state_dir: %s
        checkpoint:
          interval: 50ms
        server:
          address: 127.0.0.1
          port: %d
        sinks:
        %s""".formatted(dir.resolve("ray"), dir.resolve("state"), port, sinks.indent(2));
  }

  static String fileSink(String name, Path path) {
    return "- {name: " + name + ", type: file, path: " + path + "}\n";
  }

  /** Appends {@code count} raylet lines, each with its number. */
  void write(int count) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append("[2026-11-25 10:00:00,000 I 1 1] (raylet) a.cc:1: line ").append(written++).append('\n');
    }
    Files.writeString(raylet, text, StandardOpenOption.APPEND);
  }

  static List<Integer> numbers(List<JsonNode> records) {
    return records.stream().map(r -> Integer.parseInt(r.get("message").asString().substring("line ".length())))
        .toList();
  }

  static void hangUp(RaylogProcess raylog) throws Exception {
    assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(raylog.pid())).start().waitFor()).isZero();
  }

  double reloads(String result) throws Exception {
    return Scrapes.sum(port, "raylog_config_reloads_total{result=\"" + result + "\"}");
  }

  @Test
  void aSinkAddedBySighupWhileLinesFlowGetsEveryLaterLineAndTheFirstSinkLosesAndRepeatsNone() throws Exception {
    Path config = Files.writeString(dir.resolve("raylog.yaml"), config(fileSink("a", dir.resolve("a.ndjson"))));
    NdjsonFile a = new NdjsonFile(dir.resolve("a.ndjson"));
    NdjsonFile b = new NdjsonFile(dir.resolve("b.ndjson"));
    java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread writer = new Thread(() -> {
      try {
        while (writing.get()) {
          write(20); // 2,000 lines a second, through the reload
          Thread.sleep(10);
        }
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    int writtenBeforeReload;
    try (RaylogProcess raylog = RaylogProcess.start(dir, "run", "--config", config.toString())) {
      writer.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> a.poll().size() >= 1_000);
      Files.writeString(config, config(fileSink("a", dir.resolve("a.ndjson")) + fileSink("b", dir.resolve("b.ndjson"))));
      hangUp(raylog);
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> reloads("applied") == 1);
      writtenBeforeReload = written;
      Thread.sleep(1_000);
      writing.set(false);
      writer.join();
      await().atMost(Duration.ofSeconds(30)).until(() -> a.poll().size() >= written);
      assertThat(raylog.terminate(30)).isIn(0, 143);
    }
    assertThat(numbers(a.poll())).containsExactlyElementsOf(IntStream.range(0, written).boxed().toList());
    // b starts at the checkpoints the drain wrote, so at a line written before the reload ended, and misses none after.
    List<Integer> atB = numbers(b.poll());
    assertThat(atB).isNotEmpty().first(org.assertj.core.api.InstanceOfAssertFactories.INTEGER)
        .isLessThanOrEqualTo(writtenBeforeReload);
    assertThat(atB).containsExactlyElementsOf(IntStream.range(atB.get(0), written).boxed().toList());
  }

  @Test
  void aSinkThatIsDownAndRemovedNoLongerHoldsTheCheckpointsBack() throws Exception {
    try (LoopbackHttpServer down = new LoopbackHttpServer()) {
      down.respond(request -> Reply.status(503));
      String web = "- {name: web, type: http, url: '" + down.url("/in") + "', retry_max_backoff: 200ms}\n";
      Path config = Files.writeString(dir.resolve("raylog.yaml"), config(fileSink("a", dir.resolve("a.ndjson")) + web));
      NdjsonFile a = new NdjsonFile(dir.resolve("a.ndjson"));
      try (RaylogProcess raylog = RaylogProcess.start(dir, "run", "--config", config.toString())) {
        write(500);
        await().atMost(Duration.ofSeconds(30)).until(() -> a.poll().size() == 500);
        assertThat(SavedOffsets.of(dir.resolve("state"))).allMatch(offset -> offset == 0);
        Files.writeString(config, config(fileSink("a", dir.resolve("a.ndjson"))));
        hangUp(raylog);
        await().atMost(Duration.ofSeconds(60)).until(() ->
            SavedOffsets.of(dir.resolve("state")).equals(List.of(Files.size(raylet))));
        assertThat(reloads("applied")).isEqualTo(1);
        assertThat(raylog.terminate(30)).isIn(0, 143);
      }
      // What the removed sink never acknowledged was read again for the sinks that remain: each line at most twice.
      assertThat(numbers(a.poll())).containsAll(IntStream.range(0, 500).boxed().toList()).hasSizeLessThanOrEqualTo(1_000);
    }
  }

  @Test
  void anInvalidFileIsRefusedWithItsKeyPathAndAConfigMapSwapIsPickedUpWithoutASignal() throws Exception {
    // As a ConfigMap volume lays it out: raylog.yaml -> ..data/raylog.yaml, ..data -> ..v1, swapped atomically.
    Path mount = Files.createDirectories(dir.resolve("config"));
    Files.createDirectories(mount.resolve("..v1"));
    Files.writeString(mount.resolve("..v1/raylog.yaml"), config(fileSink("a", dir.resolve("a.ndjson"))));
    Files.createSymbolicLink(mount.resolve("..data"), Path.of("..v1"));
    Path config = Files.createSymbolicLink(mount.resolve("raylog.yaml"), Path.of("..data/raylog.yaml"));
    NdjsonFile a = new NdjsonFile(dir.resolve("a.ndjson"));
    NdjsonFile b = new NdjsonFile(dir.resolve("b.ndjson"));
    try (RaylogProcess raylog = RaylogProcess.start(dir, "run", "--config", config.toString())) {
      write(100);
      await().atMost(Duration.ofSeconds(30)).until(() -> a.poll().size() == 100);

      swap(mount, "..v2", config(fileSink("a", dir.resolve("a.ndjson")) + "- {name: b, type: fiel, path: /x}\n"));
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> reloads("invalid") == 1);
      assertThat(Scrapes.sum(port, "raylog_config_reload_refused")).isEqualTo(1);
      assertThat(raylog.stderrText()).contains("sinks[1].type: unknown sink type \"fiel\"");
      JsonNode status = JSON.readTree(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + port + "/status")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body()).get("config_reload");
      assertThat(status.get("last_result").asString()).isEqualTo("invalid");
      assertThat(status.get("last_problem").asString()).contains("sinks[1].type");
      write(100);
      await().atMost(Duration.ofSeconds(30)).until(() -> a.poll().size() == 200); // the running one goes on

      swap(mount, "..v3", config(fileSink("a", dir.resolve("a.ndjson")) + fileSink("b", dir.resolve("b.ndjson"))));
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> reloads("applied") == 1);
      assertThat(Scrapes.sum(port, "raylog_config_reload_refused")).isZero();
      write(100);
      await().atMost(Duration.ofSeconds(30)).until(() -> a.poll().size() >= 300 && b.poll().size() >= 100);
      assertThat(raylog.terminate(30)).isIn(0, 143);
    }
    assertThat(numbers(a.poll())).containsExactlyElementsOf(IntStream.range(0, 300).boxed().toList());
    assertThat(numbers(b.poll())).containsExactlyElementsOf(IntStream.range(200, 300).boxed().toList());
  }

  /** Points {@code ..data} at a new directory holding {@code text}, in one rename, as the kubelet does. */
  static void swap(Path mount, String version, String text) throws IOException {
    Files.createDirectories(mount.resolve(version));
    Files.writeString(mount.resolve(version).resolve("raylog.yaml"), text);
    Path next = Files.createSymbolicLink(mount.resolve("..data_tmp"), Path.of(version));
    Files.move(next, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
