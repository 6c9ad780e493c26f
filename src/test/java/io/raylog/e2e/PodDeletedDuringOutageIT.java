package io.raylog.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.raylog.discovery.NodeApiServer;
import io.raylog.sink.testing.LoopbackHttpServer;
import io.raylog.sink.testing.LoopbackHttpServer.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 16: a worker pod with the Ray docs' emptyDir layout is deleted (the kubelet removes its directory) while the
 * HTTP sink has been down for longer than {@code tail.deleted_file_grace}. raylog copies what no sink acknowledged
 * into its spool and ships it when the sink comes back: every line arrives, with the pod's metadata, and nothing is
 * counted as dropped. The same with {@code kill -9} of raylog after the copy and while the copy is being shipped.
 */
class PodDeletedDuringOutageIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String SESSION = "session_2026-11-26_03-00-00_000001_1";
  private static final String RAYLET_HEADER = "[2026-11-26 03:00:00,000 I 10 10] (raylet) it.cc:1: ";
  /** ~4 MiB of lines: far more than pipeline.memory_limit, so reading is paused when the pod goes. */
  private static final int LINES = 60_000;
  private static final String DROPPED = "raylog_dropped_bytes_total";

  @TempDir Path dir;

  private final BitSet accepted = new BitSet();
  private final AtomicLong acceptedRecords = new AtomicLong();
  private final AtomicBoolean sinkUp = new AtomicBoolean(true);
  private final Map<String, String> badRecords = new java.util.concurrent.ConcurrentHashMap<>();

  /** What happens to raylog once the deleted pod's file is in the spool. */
  private enum Then {
    /** Nothing: the sink comes back. */
    NOTHING,
    /** {@code kill -9} with the copy made, and again while the copy is being shipped. */
    KILL,
    /**
     * {@code kill -9}, and the copy left as a crash in the middle of the copy leaves it: {@code .partial}, cut inside
     * a frame. (The copy of a few MiB takes milliseconds: a real kill cannot be timed into it.)
     */
    TORN
  }

  @Test
  void aPodDeletedWhileTheSinkIsDownIsShippedFromTheSpoolWhenItComesBack() throws Exception {
    run(Then.NOTHING);
  }

  @Test
  void killedAfterTheCopyAndWhileShippingItRaylogStillShipsEveryLine() throws Exception {
    run(Then.KILL);
  }

  @Test
  void aCopyTornByACrashShipsItsIntactLinesAndCountsTheRest() throws Exception {
    run(Then.TORN);
  }

  private void run(Then then) throws Exception {
    boolean kill = then != Then.NOTHING;
    Path node = Files.createDirectories(dir.resolve("node"));
    try (NodeApiServer api = new NodeApiServer(); KubernetesClient kubectl = api.client();
        LoopbackHttpServer sink = new LoopbackHttpServer()) {
      sink.keepRequests(false);
      sink.respond(request -> {
        if (!sinkUp.get()) {
          return Reply.status(503);
        }
        synchronized (accepted) {
          for (String line : request.bodyText().split("\n")) {
            JsonNode record = JSON.readTree(line);
            String message = record.get("message").asString();
            String check = message.matches("worker line with some padding to fill batches \\d+") ? problem(record)
                : "a partial record: " + message;
            if (check != null) {
              badRecords.putIfAbsent(message, check);
            }
            accepted.set(Integer.parseInt(message.substring(message.lastIndexOf(' ') + 1)));
            acceptedRecords.incrementAndGet();
          }
        }
        return Reply.ok("{}");
      });
      Pod worker = kubectl.resource(RayPods.emptyDirPod("worker", RayPods.labels("logs", "worker"))).create();
      Path podDir = RayPods.emptyDir(node, worker);
      Path log = Files.createDirectories(podDir.resolve(SESSION).resolve("logs")).resolve("raylet.out");
      append(log, 0, 100);
      Path config = config(node, sink.url("/ingest"));
      Map<String, String> env = Map.of("KUBECONFIG", Kubeconfig.write(dir, api.url()).toString());
      Path spool = dir.resolve("state/spool");

      RaylogProcess raylog = RaylogProcess.start(dir, env, "run", "--config", config.toString());
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> received() == 100);

        // The sink goes down; the worker writes its last minutes, and reading stops at the memory limit.
        sinkUp.set(false);
        append(log, 100, LINES);
        int port = ServedRaylog.awaitPort(raylog);
        await().atMost(Duration.ofSeconds(30)).until(() -> Scrapes.sum(port, "raylog_reading_paused") == 1);
        // The autoscaler removes the pod; the kubelet deletes its emptyDir.
        kubectl.pods().inNamespace("ml").withName("worker").delete();
        Trees.deleteTree(podDir);
        // Copied (written as .partial, renamed .spool once durable), and the copy's checkpoint journaled.
        await().atMost(Duration.ofSeconds(30)).until(() -> spoolFiles(spool).size() == 1
            && spoolFiles(spool).get(0).getFileName().toString().endsWith(".spool"));
        assertThat(Scrapes.sum(port, "raylog_spool_files")).isEqualTo(1);
        assertThat(Scrapes.sum(port, "raylog_spooled_bytes_total")).isPositive();
        JsonNode status = JSON.readTree(get(port, "/status"));
        assertThat(status.get("files")).anySatisfy(f -> assertThat(f.get("state").asString()).isEqualTo("spooled"));
        assertThat(status.get("spool").get("files").asInt()).isEqualTo(1);
        Thread.sleep(3_000); // longer than tail.deleted_file_grace (2 s): the old drop would have happened by now
        assertThat(Scrapes.sum(port, DROPPED)).isZero();

        if (then == Then.TORN) {
          raylog.kill();
          Path copy = spoolFiles(spool).get(0);
          Path partial = copy.resolveSibling(copy.getFileName().toString().replace(".spool", ".partial"));
          Files.move(copy, partial);
          try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(partial,
              StandardOpenOption.WRITE)) {
            channel.truncate(3_500_000); // inside the fourth frame of 1 MiB
          }
          sinkUp.set(true);
          raylog = RaylogProcess.start(dir, env, "run", "--config", config.toString());
          int restarted = ServedRaylog.awaitPort(raylog);
          await().atMost(Duration.ofSeconds(60)).until(() -> spoolFiles(spool).isEmpty());
          int shipped = received();
          assertThat(shipped).isBetween(100 + 3_000_000 / 120, LINES - 1);
          synchronized (accepted) {
            assertThat(accepted.nextClearBit(0)).as("every line of the intact frames, none after").isEqualTo(shipped);
          }
          assertThat(Scrapes.sum(restarted, DROPPED + "{reason=\"spool_torn\"}")).isPositive();
          assertThat(Scrapes.sum(restarted, DROPPED)).isEqualTo(Scrapes.sum(restarted, DROPPED + "{reason=\"spool_torn\"}"));
          assertThat(raylog.stderrText()).contains("is torn");
          assertThat(raylog.terminate(30)).isIn(0, 143);
          assertThat(badRecords).isEmpty();
          return;
        }
        if (kill) {
          raylog.kill(); // the copy is durable: the deleted file's descriptor is closed already
          raylog = RaylogProcess.start(dir, env, "run", "--config", config.toString());
          int restarted = ServedRaylog.awaitPort(raylog);
          assertThat(Scrapes.sum(restarted, "raylog_spool_files")).as("the copy found again").isEqualTo(1);
          sinkUp.set(true);
          await().atMost(Duration.ofSeconds(60)).until(() -> received() > LINES / 3);
          raylog.kill(); // in the middle of shipping the copy
          raylog = RaylogProcess.start(dir, env, "run", "--config", config.toString());
        } else {
          sinkUp.set(true);
        }

        await().atMost(Duration.ofSeconds(90)).until(() -> received() == LINES);
        int last = ServedRaylog.awaitPort(raylog);
        await().atMost(Duration.ofSeconds(30)).until(() -> spoolFiles(spool).isEmpty());
        assertThat(Scrapes.sum(last, DROPPED)).isZero();
        assertThat(Scrapes.sum(last, "raylog_spool_files")).isZero();
        assertThat(raylog.terminate(30)).isIn(0, 143);
      } finally {
        raylog.close();
      }
      assertThat(badRecords).isEmpty();
      long duplicates = acceptedRecords.get() - LINES;
      System.out.println("PodDeletedDuringOutageIT kill=" + kill + ": " + LINES + " lines, " + duplicates
          + " duplicates");
      if (!kill) {
        assertThat(duplicates).isZero();
      } else {
        // At-least-once: at most what was in flight at each of the two kills, bounded by pipeline.memory_limit
        // (2 MiB of ~105-byte lines); runs saw 1,000 and 2,000 lines (2026-12-06).
        assertThat(duplicates).isBetween(0L, 2L * (2 << 20) / 105);
      }
    }
  }

  /** What is wrong with a record of the deleted pod, or null: its metadata and path must be the original's. */
  private static String problem(JsonNode record) {
    JsonNode k8s = record.get("k8s");
    if (k8s == null || !"worker".equals(k8s.path("pod").asString()) || !"ml".equals(k8s.path("namespace").asString())
        || !"logs".equals(k8s.path("labels").path("ray.io/cluster").asString())) {
      return "pod metadata: " + record;
    }
    if (!("/tmp/ray/" + SESSION + "/logs/raylet.out").equals(record.path("log").path("path").asString())) {
      return "path: " + record;
    }
    if (!"raylet".equals(record.path("ray").path("component").asString())
        || !"worker".equals(record.path("ray").path("node_type").asString())) {
      return "ray fields: " + record;
    }
    return null;
  }

  private static String get(int port, String path) throws Exception {
    java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    return response.body();
  }

  private int received() {
    synchronized (accepted) {
      return accepted.cardinality();
    }
  }

  private static List<Path> spoolFiles(Path spool) throws IOException {
    if (!Files.isDirectory(spool)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(spool)) {
      return files.toList();
    }
  }

  private static void append(Path file, int from, int to) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = from; i < to; i++) {
      // raylet's format, one record per line, its message ending in the line's number
      text.append(RAYLET_HEADER).append("worker line with some padding to fill batches ").append(i).append('\n');
    }
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private Path config(Path node, String url) throws IOException {
    return Configs.write(dir, Configs.kubernetesNode(dir, node), """
        checkpoint:
          interval: 100ms
        shutdown_timeout: 5s
        tail:
          poll_interval: 50ms
          deleted_file_grace: 2s
        pipeline:
          memory_limit: 2MiB
          batch:
            max_records: 500
            max_bytes: 256KiB
            linger: 20ms
        sinks:
        """, Configs.httpSink("web", url, "2s"), Configs.SERVED_ON_A_FREE_PORT);
  }
}
