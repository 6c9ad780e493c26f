package io.raylog.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.raylog.discovery.NodeApiServer;
import io.raylog.sink.history.HistoryServerReader;
import io.raylog.sink.s3.S3Server;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar as the History Server's node collector: Kubernetes mode against a mock API server (a head and a
 * worker pod of a RayJob's cluster on one node), the {@code history} sink against s3proxy. Files grow, rotate, are
 * deleted, the head starts a new session, and raylog is killed with {@code kill -9} twice on the way; afterwards a
 * port of the History Server's reader lists both sessions and both nodes, and every object equals its file.
 */
class HistorySinkIT {
  static final String S1 = "session_2026-11-26_03-00-00_000001_1";
  static final String S2 = "session_2026-11-26_04-00-00_000002_1";
  static final String HEAD_S1 = "a".repeat(56);
  static final String HEAD_S2 = "c".repeat(56);
  static final String WORKER = "b".repeat(56);
  static final String BUCKET = "ray-history";
  static final String ROOT = "hs";

  @TempDir Path dir;

  @Test
  void aRayJobsNodeIsMirroredExactlyThroughKillNineRotationDeletionAndASessionChange() throws Exception {
    Path node = Files.createDirectories(dir.resolve("node"));
    try (NodeApiServer api = new NodeApiServer(); KubernetesClient kubectl = api.client();
        S3Server s3 = S3Server.create()) {
      s3.createBucket(BUCKET);
      Pod headPod = kubectl.resource(pod("rc-head-1", "head")).create();
      Pod workerPod = kubectl.resource(pod("rc-worker-1", "worker")).create();
      Path head = RayPods.emptyDir(node, headPod);
      Path worker = RayPods.emptyDir(node, workerPod);
      Path headLogs = Files.createDirectories(head.resolve(S1 + "/logs"));
      Path workerLogs = Files.createDirectories(worker.resolve(S1 + "/logs"));
      raylet(headLogs, HEAD_S1);
      raylet(workerLogs, WORKER);
      append(headLogs.resolve("gcs_server.out"), "gcs", 0, 500);
      append(workerLogs.resolve("python-core-worker-aa_100.log"), "core", 0, 300);
      append(workerLogs.resolve("worker-aa-01000000-100.err"), "err", 0, 50);

      Path config = config(node, s3);
      Map<String, String> env = Map.of("KUBECONFIG", Kubeconfig.write(dir, api.url()).toString());
      HistoryServerReader reader = new HistoryServerReader(s3.endpoint(), BUCKET, ROOT);
      Map<String, byte[]> deleted = new HashMap<>();
      List<String> posted = new java.util.ArrayList<>();

      RaylogProcess raylog = RaylogProcess.start(dir, env, "run", "--config", config.toString());
      await().atMost(Duration.ofSeconds(60)).until(() -> mirrored(reader, headLogs, HEAD_S1, S1)
          && mirrored(reader, workerLogs, WORKER, S1));
      int port = ServedRaylog.awaitPort(raylog);
      postEvents(port, "rc-head-1", S1, 0, 20, posted);
      append(headLogs.resolve("gcs_server.out"), "gcs", 500, 20_000);
      append(workerLogs.resolve("python-core-worker-aa_100.log"), "core", 300, 5_000);
      Thread.sleep(700);
      postEvents(port, "rc-worker-1", S1, 20, 25, posted);
      raylog.kill(); // right after the last answer: those events are only in the spool

      // While raylog is down, a rotation; then it restarts and the head starts a new session.
      Files.move(workerLogs.resolve("python-core-worker-aa_100.log"),
          workerLogs.resolve("python-core-worker-aa_100.1.log"));
      append(workerLogs.resolve("python-core-worker-aa_100.log"), "core-new", 0, 100);
      raylog = RaylogProcess.start(dir, env, "run", "--config", config.toString());
      Path headLogs2 = Files.createDirectories(head.resolve(S2 + "/logs"));
      raylet(headLogs2, HEAD_S2);
      append(headLogs2.resolve("gcs_server.out"), "gcs2", 0, 3_000);
      append(workerLogs.resolve("worker-aa-01000000-100.err"), "err", 50, 80);
      postEvents(ServedRaylog.awaitPort(raylog), "rc-head-1", S2, 25, 40, posted);
      Thread.sleep(1_500);
      raylog.kill();

      raylog = RaylogProcess.start(dir, env, "run", "--config", config.toString());
      try {
        append(headLogs2.resolve("events/event_GCS.log"), "event", 0, 10);
        append(workerLogs.resolve("python-core-worker-aa_100.log"), "core-new", 100, 200);
        // A worker's file gets its last lines and is deleted: its object keeps its final content.
        Path err = workerLogs.resolve("worker-aa-01000000-100.err");
        append(err, "err", 80, 100);
        deleted.put("worker-aa-01000000-100.err", Files.readAllBytes(err));
        await().atMost(Duration.ofSeconds(60)).until(() -> Arrays.equals(
            reader.logFile(session(reader, S1), WORKER, "worker-aa-01000000-100.err"),
            deleted.get("worker-aa-01000000-100.err")));
        Files.delete(err);
        postEvents(ServedRaylog.awaitPort(raylog), "rc-worker-1", S1, 40, 50, posted);
        await().atMost(Duration.ofSeconds(90)).until(() -> mirrored(reader, headLogs, HEAD_S1, S1)
            && mirrored(reader, headLogs2, HEAD_S2, S2) && mirrored(reader, workerLogs, WORKER, S1, deleted));
        await().atMost(Duration.ofSeconds(60)).until(() -> storedEvents(reader).size() >= posted.size());
        raylog.terminate(30);
      } finally {
        raylog.close();
      }

      List<HistoryServerReader.ClusterInfo> sessions = reader.list();
      assertThat(sessions).extracting(HistoryServerReader.ClusterInfo::sessionName).containsExactly(S2, S1);
      assertThat(sessions).allSatisfy(s -> {
        assertThat(s.name()).isEqualTo("rc");
        assertThat(s.namespace()).isEqualTo("ml");
        assertThat(s.ownerKind()).isEqualTo("rayjob");
        assertThat(s.ownerName()).isEqualTo("my-job");
      });
      assertThat(reader.nodes(session(reader, S1))).containsExactlyInAnyOrder(HEAD_S1, WORKER);
      assertThat(reader.nodes(session(reader, S2))).containsExactly(HEAD_S2);
      assertThat(mirrored(reader, workerLogs, WORKER, S1, deleted)).isTrue();
      String prefix = ROOT + "/cluster-history/rayjob/ml/my-job/rc/";
      assertThat(s3.keys(BUCKET)).contains(prefix + S1 + "/" + WORKER + "/logs/python-core-worker-aa_100.1.log",
          prefix + S2 + "/" + HEAD_S2 + "/logs/events/event_GCS.log",
          ROOT + "/cluster-metadata/rayjob/ml_my-job_rc/" + S1, ROOT + "/cluster-metadata/rayjob/ml_my-job_rc/" + S2);
      assertThat(s3.keys(BUCKET)).allMatch(k -> k.startsWith(prefix) || k.startsWith(ROOT + "/cluster-metadata/"));
      // Every event once, in the sidecar's layout, under the node of the pod that sent it.
      List<String> stored = storedEvents(reader);
      assertThat(stored).containsExactlyInAnyOrderElementsOf(posted);
      assertThat(s3.keys(BUCKET)).anyMatch(k -> k.startsWith(prefix + S1 + "/" + WORKER + "/job_events/01000000/"))
          .anyMatch(k -> k.startsWith(prefix + S2 + "/" + HEAD_S2 + "/node_events/" + HEAD_S2 + "-"));
    }
  }

  /** Posts events {@code from..to} one batch of two (a node event, a task event of job 01000000) per id. */
  static void postEvents(int port, String pod, String session, int from, int to, List<String> posted)
      throws Exception {
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    for (int i = from; i < to; i++) {
      String node = "{\"eventId\":\"n" + i + "\",\"eventType\":\"NODE_LIFECYCLE_EVENT\",\"timestamp\":"
          + "\"2026-11-26T03:00:01Z\",\"sessionName\":\"" + session + "\"}";
      String task = "{\"eventId\":\"t" + i + "\",\"eventType\":\"TASK_DEFINITION_EVENT\",\"timestamp\":"
          + "\"2026-11-26T03:00:01.5+00:00\",\"sessionName\":\"" + session
          + "\",\"taskDefinitionEvent\":{\"jobId\":\"AQAAAA==\"}}";
      java.net.http.HttpResponse<String> response = client.send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create("http://127.0.0.1:" + port + "/v1/events?namespace=ml&pod=" + pod))
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("[" + node + "," + task + "]")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      posted.add("n" + i);
      posted.add("t" + i);
    }
  }

  /** The ids of every event in every node's node_events/ and job_events/ objects, as the event server finds them. */
  static List<String> storedEvents(HistoryServerReader reader) {
    List<String> ids = new java.util.ArrayList<>();
    for (HistoryServerReader.ClusterInfo info : reader.list()) {
      for (String node : reader.nodes(info)) {
        for (String file : reader.eventFiles(info, node)) {
          String content = new String(reader.nodeFile(info, node, file), StandardCharsets.UTF_8);
          for (String line : content.split("\n")) {
            java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"eventId\":\"([^\"]+)\"").matcher(line);
            if (id.find()) {
              ids.add(id.group(1));
            }
          }
        }
      }
    }
    return ids;
  }

  static HistoryServerReader.ClusterInfo session(HistoryServerReader reader, String name) {
    return reader.list().stream().filter(s -> s.sessionName().equals(name)).findFirst().orElse(null);
  }

  static boolean mirrored(HistoryServerReader reader, Path logs, String node, String session) throws IOException {
    return mirrored(reader, logs, node, session, Map.of());
  }

  /** The node's objects are exactly the files under logs/ (and the deleted ones), each equal to its file. */
  static boolean mirrored(HistoryServerReader reader, Path logs, String node, String session,
      Map<String, byte[]> deleted) throws IOException {
    HistoryServerReader.ClusterInfo info = session(reader, session);
    if (info == null) {
      return false;
    }
    Map<String, byte[]> expected = new TreeMap<>(deleted);
    try (Stream<Path> files = Files.walk(logs)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        expected.put(logs.relativize(file).toString(), Files.readAllBytes(file));
      }
    }
    if (!new java.util.TreeSet<>(reader.logFiles(info, node)).equals(expected.keySet())) {
      return false;
    }
    for (Map.Entry<String, byte[]> file : expected.entrySet()) {
      if (!Arrays.equals(reader.logFile(info, node, file.getKey()), file.getValue())) {
        return false;
      }
    }
    return true;
  }

  static void raylet(Path logs, String id) throws IOException {
    Files.writeString(logs.resolve("raylet.out"), "[2026-11-26 03:00:00,000 I 10 10] (raylet) main.cc:495: Setting"
        + " node ID node_id=" + id + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  static void append(Path file, String prefix, int from, int to) throws IOException {
    Files.createDirectories(file.getParent());
    StringBuilder text = new StringBuilder();
    for (int i = from; i < to; i++) {
      text.append("[2026-11-26 03:00:00,000 I 10 10] it.cc:1: ").append(prefix).append(" line ").append(i)
          .append(" of a Ray-like file\n");
    }
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** A pod of the RayCluster {@code rc} that a RayJob {@code my-job} made, in the Ray docs' layout. */
  static Pod pod(String name, String type) {
    return RayPods.emptyDirPod(name, RayPods.labels("rc", type)
        + ", ray.io/originated-from-crd: RayJob, ray.io/originated-from-cr-name: my-job");
  }

  Path config(Path node, S3Server s3) throws IOException {
    Files.writeString(dir.resolve("key-id"), S3Server.ACCESS_KEY + "\n");
    Files.writeString(dir.resolve("secret-key"), S3Server.SECRET_KEY + "\n");
    return Configs.write(dir, Configs.kubernetesNode(dir, node), """
        checkpoint:
          interval: 200ms
        tail:
          poll_interval: 50ms
        shutdown_timeout: 30s
        sinks:
          - name: history
            type: history
            bucket: %s
            prefix: %s
            endpoint: %s
            force_path_style: true
            access_key_id_file: %s
            secret_access_key_file: %s
            upload_interval: 1s
        """.formatted(BUCKET, ROOT, s3.endpoint(), dir.resolve("key-id"), dir.resolve("secret-key")),
        Configs.SERVED_ON_A_FREE_PORT);
  }
}
