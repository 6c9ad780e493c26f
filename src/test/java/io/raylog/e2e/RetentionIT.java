package io.raylog.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raylog.sink.testing.LoopbackHttpServer;
import io.raylog.sink.testing.LoopbackHttpServer.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The built jar with retention on, over a Ray temp dir laid out like a hostPath root (an earlier session and the
 * current one, rotated backups, {@code logs/old/}), shipping to an HTTP sink that is down at first. While it is down
 * nothing is deleted (and the status page says which sink holds the bytes back); once it is back, every line arrives,
 * the rotated and old files go, the earlier session's go under the byte cap, the live files stay, nothing outside a
 * session's logs or behind a symlink is touched, and no byte is counted as dropped.
 */
class RetentionIT {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final Pattern ID = Pattern.compile("RID-(\\d+)-(\\d+)");
  static final int LINES = 200;
  static final String EARLIER = "session_2026-11-24_09-00-00_000001_1";
  static final String CURRENT = "session_2026-11-25_10-00-00_123456_1";
  static final String WORKER_A = "worker-" + "a".repeat(56) + "-01000000-11.out";
  static final String WORKER_B = "worker-" + "b".repeat(56) + "-01000000-12.out";
  static final String WORKER_C = "worker-" + "c".repeat(56) + "-01000000-13.err";

  @TempDir Path dir;
  private int files;

  @Test
  void deletesOnlyWhatTheSinkAcknowledgedNeverLiveFilesNorAnythingOutsideTheSessionsLogs() throws Exception {
    Path root = dir.resolve("ray/default_raycluster-head"); // a pod's directory under a hostPath, as subPathExpr makes it
    Path earlier = root.resolve(EARLIER).resolve("logs");
    Path current = root.resolve(CURRENT).resolve("logs");
    Path earlierRaylet = write(earlier.resolve("raylet.out"), 1_000);
    Path earlierWorker = write(earlier.resolve(WORKER_A), 2_000);
    Path rotated = write(current.resolve("raylet.out.1"), 3_000);
    Path old = write(current.resolve("old/" + WORKER_C), 4_000);
    Path liveRaylet = write(current.resolve("raylet.out"), 5_000);
    Path liveWorker = write(current.resolve(WORKER_B), 6_000);
    Files.createSymbolicLink(root.resolve("session_latest"), root.resolve(CURRENT));
    // Not Ray's logs, or not reachable without a symlink: never deleted.
    Path outside = Files.createDirectories(dir.resolve("elsewhere"));
    Path outsideFile = Files.writeString(outside.resolve("precious.log.1"), "not Ray's\n");
    Path linkedDir = Files.createSymbolicLink(current.resolve("linked"), outside);
    Path linkedFile = Files.createSymbolicLink(current.resolve("linked.out.1"), outsideFile);
    Path notInASession = Files.writeString(root.resolve("notes.log.1"), "a file outside a session dir\n");
    Path notLogs = Files.writeString(Files.createDirectories(root.resolve(CURRENT).resolve("metrics")).resolve("p.log.1"),
        "outside logs/\n");
    long liveBytes = Files.size(liveRaylet) + Files.size(liveWorker);
    long cap = liveBytes + 1024; // the earlier session's files must go for the cap to hold
    int expected = files * LINES;

    AtomicBoolean down = new AtomicBoolean(true);
    Set<String> arrived = ConcurrentHashMap.newKeySet();
    try (LoopbackHttpServer server = new LoopbackHttpServer()) {
      collectIdsUnlessDown(server, down, arrived);
      Path config = Configs.write(dir, Configs.staticRoots(dir, root), """
          checkpoint:
            interval: 50ms
          pipeline:
            memory_limit: 2MiB
          retention:
            enabled: true
            rotated_files: true
            min_age: 0s
            max_bytes: %d
            interval: 100ms
          sinks:
          """.formatted(cap), Configs.httpSink("web", server.url("/ingest"), "1s"), Configs.SERVED_ON_A_FREE_PORT, """
          log:
            level: debug
          """);
      try (RaylogProcess raylog = RaylogProcess.start(dir, "run", "--config", config.toString())) {
        int port = ServedRaylog.awaitPort(raylog);

        // The sink is down: many retention runs go by, and nothing is deleted.
        await().atMost(Duration.ofSeconds(30)).until(() -> heldBackBy(port, "web") > 0);
        Thread.sleep(2_000);
        for (Path file : List.of(earlierRaylet, earlierWorker, rotated, old, liveRaylet, liveWorker)) {
          assertThat(file).as("deleted while the sink was down").exists();
        }
        assertThat(Scrapes.sum(port, "raylog_retention_deleted_files_total")).isZero();

        // The sink is back: every line arrives, and what it acknowledged goes.
        down.set(false);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
          assertThat(raylog.isAlive()).isTrue();
          assertThat(arrived).hasSize(expected);
          assertThat(rotated).doesNotExist();
          assertThat(old).doesNotExist();
          assertThat(earlierRaylet).doesNotExist();
          assertThat(earlierWorker).doesNotExist();
        });
        assertThat(liveRaylet).exists().hasSize(sizeOf(5_000));
        assertThat(liveWorker).exists();
        assertThat(ray(root)).as("the Ray log bytes kept").isLessThanOrEqualTo(cap);
        assertThat(outsideFile).hasContent("not Ray's");
        assertThat(Files.isSymbolicLink(linkedDir)).isTrue();
        assertThat(Files.isSymbolicLink(linkedFile)).isTrue();
        assertThat(notInASession).exists();
        assertThat(notLogs).exists();
        assertThat(Files.isSymbolicLink(root.resolve("session_latest"))).isTrue();

        String scrape = Scrapes.scrape(port);
        assertThat(Scrapes.sum(scrape, "raylog_retention_deleted_files_total")).isEqualTo(4);
        assertThat(Scrapes.sum(scrape, "raylog_retention_deleted_bytes_total{reason=\"rotated\"}"))
            .isEqualTo(sizeOf(3_000));
        assertThat(Scrapes.sum(scrape, "raylog_retention_deleted_bytes_total{reason=\"old\"}")).isEqualTo(sizeOf(4_000));
        assertThat(Scrapes.sum(scrape, "raylog_retention_deleted_bytes_total{reason=\"max_bytes\"}"))
            .isEqualTo(sizeOf(1_000) + sizeOf(2_000));
        assertThat(Scrapes.sum(scrape, "raylog_dropped_bytes_total")).as("deleted files are not lost ones").isZero();
        assertThat(raylog.stderrText()).contains("retention: deleted " + rotated);
        assertThat(raylog.terminate(30)).isIn(0, 143);
      }
    }
  }

  @Test
  void theSessionsOfADeletedHostPathPodGoAfterTheGraceTimeOnceAcknowledgedAndALivePodsStay() throws Exception {
    deletedHostPathPod(false);
  }

  /**
   * The same with raylog killed while the sink is down, after the pod's deletion: the restarted raylog follows the
   * deleted pod's directory again (the pod is no longer listed; raylog saved it), ships every line it had not, and
   * counts the grace time from the deletion, not from the restart.
   */
  @Test
  void aDeletedHostPathPodsUnshippedLinesAndItsGraceTimeSurviveAKill() throws Exception {
    deletedHostPathPod(true);
  }

  private void deletedHostPathPod(boolean killWhileDown) throws Exception {
    Path node = Files.createDirectories(dir.resolve("node"));
    AtomicBoolean down = new AtomicBoolean(true);
    Set<String> arrived = ConcurrentHashMap.newKeySet();
    try (io.raylog.discovery.NodeApiServer api = new io.raylog.discovery.NodeApiServer();
        io.fabric8.kubernetes.client.KubernetesClient kubectl = api.client();
        LoopbackHttpServer server = new LoopbackHttpServer()) {
      collectIdsUnlessDown(server, down, arrived);
      kubectl.resource(hostPathPod("gone")).create();
      kubectl.resource(hostPathPod("alive")).create();
      Path goneDir = node.resolve("var/log/ray/ml_gone");
      Path aliveDir = node.resolve("var/log/ray/ml_alive");
      Path goneRaylet = write(goneDir.resolve(CURRENT).resolve("logs/raylet.out"), 1_000);
      Path goneWorker = write(goneDir.resolve(CURRENT).resolve("logs/" + WORKER_A), 2_000);
      Files.createDirectories(goneDir.resolve(CURRENT).resolve("sockets"));
      Path aliveRaylet = write(aliveDir.resolve(CURRENT).resolve("logs/raylet.out"), 3_000);
      Path config = Configs.write(dir, Configs.kubernetesNode(dir, node), """
          checkpoint:
            interval: 50ms
          retention:
            enabled: true
            dead_pod_grace: 1s
            interval: 100ms
          sinks:
          """, Configs.httpSink("web", server.url("/ingest"), "1s"), Configs.SERVED_ON_A_FREE_PORT);
      java.util.Map<String, String> env = java.util.Map.of("KUBECONFIG", Kubeconfig.write(dir, api.url()).toString());
      RaylogProcess raylog = RaylogProcess.start(dir, env, "run", "--config", config.toString());
      try {
        int firstPort = ServedRaylog.awaitPort(raylog);
        await().atMost(Duration.ofSeconds(30)).until(() -> heldBackBy(firstPort, "web") >= 0
            && Scrapes.sum(firstPort, "raylog_files_opened_total") == 3);
        kubectl.pods().inNamespace("ml").withName("gone").delete();

        // Gone for longer than the grace time, but the sink has acknowledged nothing: the directory stays.
        Thread.sleep(3_000);
        assertThat(goneRaylet).exists();
        assertThat(goneWorker).exists();
        assertThat(statusOf(firstPort).path("retention").path("dead_pods_waiting").toString()).contains("ml_gone")
            .contains("not acknowledged");
        if (killWhileDown) {
          raylog.kill();
          raylog = RaylogProcess.start(dir, env, "run", "--config", config.toString());
        }
        int port = ServedRaylog.awaitPort(raylog);
        down.set(false);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
          assertThat(arrived).hasSize(files * LINES);
          assertThat(goneDir.resolve(CURRENT)).doesNotExist();
        });
        assertThat(goneDir).exists(); // the pod's directory itself is the kubelet's; only its sessions go
        assertThat(aliveRaylet).exists();
        String scrape = Scrapes.scrape(port);
        assertThat(Scrapes.sum(scrape, "raylog_retention_deleted_files_total{reason=\"dead_pod\"}")).isEqualTo(2);
        assertThat(Scrapes.sum(scrape, "raylog_retention_deleted_bytes_total{reason=\"dead_pod\"}"))
            .isEqualTo(sizeOf(1_000) + sizeOf(2_000));
        assertThat(Scrapes.sum(scrape, "raylog_dropped_bytes_total")).isZero();
        assertThat(raylog.terminate(30)).isIn(0, 143);
      } finally {
        raylog.close();
      }
    }
  }

  /** A Ray pod of node-1 whose /tmp/ray is a hostPath with a per-pod subPathExpr. */
  private static io.fabric8.kubernetes.api.model.Pod hostPathPod(String name) {
    return RayPods.pod(name, "node-1", RayPods.labels("logs", "worker"),
        "args: [\"ray start --block\"]\n" + RayPods.PER_POD_SUBPATH_MOUNT, RayPods.SHARED_HOST_PATH_VOLUME);
  }

  /** The sink answers 503 while {@code down}, and otherwise accepts a batch and notes the line ids in it. */
  private static void collectIdsUnlessDown(LoopbackHttpServer server, AtomicBoolean down, Set<String> arrived) {
    server.respond(request -> {
      if (down.get()) {
        return Reply.status(503);
      }
      Matcher ids = ID.matcher(request.bodyText());
      while (ids.find()) {
        arrived.add(ids.group());
      }
      return Reply.ok("{}");
    });
  }

  /** A file of {@link #LINES} lines in raylet's format, each with an id; modified {@code stamp} s after 2026-01-01. */
  private Path write(Path file, int stamp) throws Exception {
    int number = ++files;
    Files.createDirectories(file.getParent());
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < LINES; i++) {
      text.append("[2026-11-25 10:00:00,000 I 1 1] (raylet) a.cc:1: RID-").append(number).append('-').append(i)
          .append(" some padding\n");
    }
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_767_225_600_000L + stamp * 1000L));
    return file;
  }

  /** The size of the file written with {@code stamp} (every file has lines of the same length but for its number). */
  private long sizeOf(int stamp) {
    int number = stamp / 1_000;
    long size = 0;
    for (int i = 0; i < LINES; i++) {
      size += ("[2026-11-25 10:00:00,000 I 1 1] (raylet) a.cc:1: RID-" + number + "-" + i + " some padding\n").length();
    }
    return size;
  }

  /** The bytes of regular files under the sessions' {@code logs/} directories of {@code root}, symlinks not followed. */
  private static long ray(Path root) throws Exception {
    long[] total = {0};
    List<Path> sessions = new ArrayList<>();
    try (var entries = Files.newDirectoryStream(root, "session_2*")) {
      entries.forEach(sessions::add);
    }
    for (Path session : sessions) {
      Path logs = session.resolve("logs");
      if (!Files.isDirectory(logs, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      Files.walkFileTree(logs, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
          if (attributes.isRegularFile()) {
            total[0] += attributes.size();
          }
          return FileVisitResult.CONTINUE;
        }
      });
    }
    return total[0];
  }

  /** The bytes the status page says {@code sink} holds back from retention. */
  private static long heldBackBy(int port, String sink) throws Exception {
    return statusOf(port).path("retention").path("held_back_by_sink").path(sink).asLong(0);
  }

  private static JsonNode statusOf(int port) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status")).timeout(Duration.ofSeconds(10))
            .build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }
}
