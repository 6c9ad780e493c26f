package io.raylog.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.raylog.discovery.NodeApiServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The built jar in Kubernetes mode against a mock API server, through a kubeconfig, on a temp directory laid out
 * like a node (the kubelet's pod directories, a hostPath directory, {@code /var/log/pods}). Pods are created, write
 * logs and are deleted; every record must carry the metadata of the pod that wrote it, and no line may be lost.
 */
class KubernetesIT {
  private static final String SESSION = "session_2026-11-26_03-00-00_000001_1";
  private static final String UNREACHABLE = "raylog_kubernetes_api_errors_total{kind=\"unreachable\"}";
  private static final String OTHER = "raylog_kubernetes_api_errors_total{kind=\"other\"}";
  private static final String RAYLET_HEADER = "[2026-11-26 03:00:00,000 I 10 10] (raylet) it.cc:1: ";

  @TempDir Path dir;

  @Test
  void shipsEveryLineOfTheNodesRayPodsWithTheirPodsMetadata() throws Exception {
    Path node = Files.createDirectories(dir.resolve("node"));
    Path output = dir.resolve("out/records.ndjson");
    try (NodeApiServer api = new NodeApiServer(); KubernetesClient kubectl = api.client()) {
      // Before raylog starts: a head with the emptyDir of the Ray docs, a pod of another node, and a pod whose logs
      // stay in its container's filesystem.
      Pod head = kubectl.resource(pod("head", "node-1", "head", RayPods.EMPTY_DIR_MOUNT, RayPods.EMPTY_DIR_VOLUME))
          .create();
      Path headDir = RayPods.emptyDir(node, head);
      Path headLog = logs(headDir).resolve("raylet.out");
      append(headLog, "head", 0, 200);
      kubectl.resource(pod("elsewhere", "node-2", "worker", "volumeMounts: [{name: l, mountPath: /tmp/ray}]",
          "- {name: l, hostPath: {path: /var/log/ray-other}}")).create();
      append(logs(node.resolve("var/log/ray-other")).resolve("raylet.out"), "elsewhere", 0, 50);
      kubectl.resource(pod("no-volume", "node-1", "worker", "", "- {name: shm, emptyDir: {medium: Memory}}")).create();

      Path config = config(node, output);
      Path kubeconfig = Kubeconfig.write(dir, api.url());
      NdjsonFile out = new NdjsonFile(output);
      try (RaylogProcess raylog = RaylogProcess.start(dir, Map.of("KUBECONFIG", kubeconfig.toString()),
          "run", "--config", config.toString())) {
        await().atMost(Duration.ofSeconds(60)).until(() -> count(out.poll(), "head") == 200);

        // A worker scheduled later, on a hostPath with a per-pod subPathExpr.
        kubectl.resource(pod("worker", "node-1", "worker", RayPods.PER_POD_SUBPATH_MOUNT,
            RayPods.SHARED_HOST_PATH_VOLUME)).create();
        Path workerLogs = logs(node.resolve("var/log/ray/ml_worker"));
        append(workerLogs.resolve("raylet.out"), "worker", 0, 100);
        append(workerLogs.resolve("gcs_server.out"), "worker", 100, 150);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(out.poll(), "worker") == 150);

        // A pod with RAY_LOG_TO_STDERR=1: its logs are the kubelet's container log, in CRI format.
        Pod stderr = kubectl.resource(pod("stderr", "node-1", "worker", "env: [{name: RAY_LOG_TO_STDERR, value: \"1\"}]",
            "- {name: shm, emptyDir: {medium: Memory}}")).create();
        Path containerLogs = Files.createDirectories(node.resolve("var/log/pods/ml_stderr_"
            + stderr.getMetadata().getUid() + "/ray"));
        StringBuilder cri = new StringBuilder();
        for (int i = 0; i < 40; i++) {
          cri.append("2026-11-26T03:00:00.").append(String.format("%03d", i)).append("Z stderr P ").append(RAYLET_HEADER).append("stderr line ")
              .append('\n').append("2026-11-26T03:00:00.").append(String.format("%03d", i)).append("Z stderr F ")
              .append(i).append('\n');
        }
        Files.writeString(containerLogs.resolve("0.log"), cri);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(out.poll(), "stderr") == 40);

        // The head writes its last lines and is deleted; the kubelet removes its emptyDir right away.
        append(headLog, "head", 200, 1200);
        kubectl.pods().inNamespace("ml").withName("head").delete();
        Trees.deleteTree(headDir);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(out.poll(), "head") == 1200);

        assertThat(raylog.stderrText()).contains("cannot read the Ray logs of pod ml/no-volume")
            .contains("no volume is mounted at /tmp/ray").contains("fix: ");
        raylog.terminate(30);
      }
      List<JsonNode> records = out.poll();
      assertThat(records).hasSize(1390);
      assertThat(records).noneMatch(r -> r.get("message").asString().startsWith("elsewhere"));
      for (JsonNode record : records) {
        String pod = record.get("message").asString().split(" ")[0];
        JsonNode k8s = record.get("k8s");
        assertThat(k8s.get("pod").asString()).as(record.toString()).isEqualTo(pod);
        assertThat(k8s.get("namespace").asString()).isEqualTo("ml");
        assertThat(k8s.get("node").asString()).isEqualTo("node-1");
        assertThat(k8s.get("container").asString()).isEqualTo("ray");
        assertThat(k8s.get("labels").get("ray.io/cluster").asString()).isEqualTo("logs");
        assertThat(record.get("ray").get("cluster").asString()).isEqualTo("logs");
        assertThat(record.get("ray").get("node_type").asString()).isEqualTo(pod.equals("head") ? "head" : "worker");
        if (pod.equals("stderr")) {
          assertThat(record.get("log").get("path").asString()).matches("/var/log/pods/ml_stderr_.*/ray/0\\.log");
          assertThat(record.get("time").asString()).startsWith("2026-11-26T03:00:00.");
          assertThat(record.get("ray").get("component").asString()).as("from the (raylet) prefix").isEqualTo("raylet");
        } else {
          assertThat(record.get("log").get("path").asString()).startsWith("/tmp/ray/" + SESSION + "/logs/");
        }
      }
      assertThat(records.stream().map(r -> r.get("message").asString()).distinct().count()).isEqualTo(1390);
      assertThat(api.nodeFieldSelectors()).isNotEmpty().allMatch(s -> s.contains("spec.nodeName=node-1"));
    }
  }

  @Test
  void theApiServerGoingDownDoesNotStopShipping() throws Exception {
    try (ShippingWorker worker = new ShippingWorker()) {
      int port = ServedRaylog.awaitPort(worker.raylog);
      assertThat(Scrapes.sum(port, UNREACHABLE)).isZero();
      worker.stopApiServer();
      worker.appendAndAwait(10, 20); // tailing does not wait for the API server: the metadata is already known
      // The watch drops; each attempt to reconnect it fails and is counted.
      await().atMost(Duration.ofSeconds(30)).until(() -> Scrapes.sum(port, UNREACHABLE) >= 2);
      worker.assertStillShippingWithItsMetadata();
    }
  }

  /**
   * The API server goes away and something else answers on its address with garbage (a 200 that is not JSON, as a
   * misconfigured proxy does). Expected: the watch is reconnected with backoff, tailing goes on with the metadata
   * already known, raylog stays up, and each failed reconnect is counted in raylog_kubernetes_api_errors_total
   * and logged (fabric8 reconnects such a watch inside its watch manager without telling the informer).
   */
  @Test
  void anApiServerAnsweringGarbageDoesNotStopShipping() throws Exception {
    try (ShippingWorker worker = new ShippingWorker()) {
      int apiPort = URI.create(worker.api.url()).getPort();
      worker.stopApiServer();
      AtomicInteger requests = new AtomicInteger();
      HttpServer garbage = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), apiPort), 0);
      garbage.createContext("/", exchange -> {
        requests.incrementAndGet();
        byte[] body = "<html>\n<body>502 Bad Gateway</body>\n</html>\0\u00ff{[\n".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      garbage.start();
      try {
        worker.appendAndAwait(10, 20);
        // fabric8 keeps reconnecting the watch (with backoff) to the garbage answer.
        await().atMost(Duration.ofSeconds(60)).until(() -> requests.get() > 0);
        // Each answer is counted and logged: fabric8 itself just reconnects the watch, without a word.
        int port = ServedRaylog.awaitPort(worker.raylog);
        await().atMost(Duration.ofSeconds(30)).until(() -> Scrapes.sum(port, OTHER) >= 2);
        assertThat(worker.raylog.stderrText())
            .contains("The Kubernetes API answered GET /api/v1/pods with status 200 where a WebSocket");
        worker.appendAndAwait(20, 30);
        worker.assertStillShippingWithItsMetadata();
      } finally {
        garbage.stop(0);
      }
    }
  }

  /**
   * What the API server tests share: a worker pod whose Ray logs are on a hostPath, on a node raylog runs on through
   * the mock API server, with the first 10 lines of its raylet.out shipped.
   */
  private final class ShippingWorker implements AutoCloseable {
    final NodeApiServer api = new NodeApiServer();
    final KubernetesClient kubectl = api.client();
    final NdjsonFile out;
    final Path log;
    final RaylogProcess raylog;

    ShippingWorker() throws Exception {
      try {
        Path node = Files.createDirectories(dir.resolve("node"));
        Path output = dir.resolve("out/records.ndjson");
        out = new NdjsonFile(output);
        kubectl.resource(pod("worker", "node-1", "worker", "volumeMounts: [{name: l, mountPath: /tmp/ray}]",
            RayPods.SHARED_HOST_PATH_VOLUME)).create();
        log = logs(node.resolve("var/log/ray")).resolve("raylet.out");
        append(log, "worker", 0, 10);
        raylog = RaylogProcess.start(dir, Map.of("KUBECONFIG", Kubeconfig.write(dir, api.url()).toString()),
            "run", "--config", config(node, output).toString());
      } catch (Exception | Error e) {
        kubectl.close();
        api.close();
        throw e;
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> count(out.poll(), "worker") == 10);
    }

    void stopApiServer() {
      kubectl.close();
      api.close();
    }

    /** Appends lines {@code from} to {@code to} and waits until every line so far has arrived. */
    void appendAndAwait(int from, int to) throws Exception {
      append(log, "worker", from, to);
      await().atMost(Duration.ofSeconds(30)).until(() -> count(out.poll(), "worker") == to);
    }

    void assertStillShippingWithItsMetadata() throws Exception {
      assertThat(raylog.isAlive()).isTrue();
      assertThat(out.poll()).allSatisfy(r -> assertThat(r.get("k8s").get("pod").asString()).isEqualTo("worker"));
      raylog.terminate(30);
    }

    @Override
    public void close() throws Exception {
      try {
        raylog.close();
      } finally {
        stopApiServer();
      }
    }
  }

  @Test
  void staticModeTakesPodMetadataFromEnvironmentVariables() throws Exception {
    Path root = dir.resolve("ray");
    append(logs(root).resolve("raylet.out"), "sidecar", 0, 10);
    Path output = dir.resolve("out/records.ndjson");
    Path config = Configs.fileSink(dir, root, output, "");
    NdjsonFile out = new NdjsonFile(output);
    Map<String, String> downwardApi = Map.of("POD_NAME", "raycluster-logs-head-x2k9d", "POD_NAMESPACE", "ml",
        "POD_UID", "uid-1", "NODE_NAME", "node-1", "RAY_CONTAINER_NAME", "ray-head", "RAY_CLUSTER_NAME", "logs",
        "RAY_NODE_TYPE", "head", "RAY_NODE_TYPE_NAME", "headgroup");
    try (RaylogProcess raylog = RaylogProcess.start(dir, downwardApi, "run", "--config", config.toString())) {
      await().atMost(Duration.ofSeconds(30)).until(() -> out.poll().size() == 10);
      raylog.terminate(30);
    }
    for (JsonNode record : out.poll()) {
      assertThat(record.get("k8s").toString()).isEqualTo("{\"namespace\":\"ml\",\"pod\":\"raycluster-logs-head-x2k9d\","
          + "\"pod_uid\":\"uid-1\",\"node\":\"node-1\",\"container\":\"ray-head\","
          + "\"owner\":{\"kind\":\"RayCluster\",\"name\":\"logs\"}}");
      assertThat(record.get("ray").get("cluster").asString()).isEqualTo("logs");
      assertThat(record.get("ray").get("node_type").asString()).isEqualTo("head");
      assertThat(record.get("ray").get("group").asString()).isEqualTo("headgroup");
    }
  }

  private static long count(List<JsonNode> records, String pod) {
    return records.stream().filter(r -> r.get("message").asString().startsWith(pod + " ")).count();
  }

  /** A Ray pod of cluster {@code logs}, with a label raylog must ignore; {@code container} and {@code volumes} as in {@link RayPods#pod}. */
  private static Pod pod(String name, String node, String type, String container, String volumes) {
    return RayPods.pod(name, node, RayPods.labels("logs", type) + ", app: other",
        "args: [\"ulimit -n 65536; ray start --block\"]\n" + container, volumes);
  }

  private static Path logs(Path root) throws IOException {
    return Files.createDirectories(root.resolve(SESSION).resolve("logs"));
  }

  private static void append(Path file, String pod, int from, int to) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = from; i < to; i++) {
      // Ray's C++ line format, as raylet.out has it: each line is a record of its own, its message "<pod> line <i>".
      text.append(RAYLET_HEADER).append(pod).append(" line ").append(i).append('\n');
    }
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private Path config(Path node, Path output) throws IOException {
    return Configs.write(dir, Configs.kubernetesNode(dir, node), """
        checkpoint:
          interval: 200ms
        tail:
          poll_interval: 50ms
        sinks:
        """, Configs.fileSink("archive", output), Configs.SERVED_ON_A_FREE_PORT);
  }
}
