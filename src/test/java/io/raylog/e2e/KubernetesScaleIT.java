package io.raylog.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.raylog.discovery.NodeApiServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale measurement of Kubernetes discovery (not a pass/fail test; it prints figures): a node with 200 Ray pods
 * whose emptyDirs hold {@value #FILES_PER_POD} log files each, the built jar against the mock API server. Measures the
 * catch-up, idle CPU and memory, and the time from a new pod's first line to its record in the sink. Skipped unless
 * asked for:
 *
 * <pre>mvn -B -ntp verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=KubernetesScaleIT -Draylog.scale=true</pre>
 *
 * <p>{@code -Draylog.scale.files=N} sets the files per pod (97 fits a descriptor limit of 20,000), and
 * {@code -Draylog.scale.tail='{…}'} the {@code tail} section. The figures also go to
 * {@code target/kubernetes-scale.txt}.
 */
@EnabledIfSystemProperty(named = "raylog.scale", matches = "true")
class KubernetesScaleIT {
  private static final int PODS = 200;
  /** 200 × 100 = 20,000 files; {@code -Draylog.scale.files=97} fits a machine whose descriptor limit is 20,000. */
  private static final int FILES_PER_POD = Integer.getInteger("raylog.scale.files", 100);
  private static final int NEW_PODS = 5;
  /** The {@code tail} section: {@code -Draylog.scale.tail='{…}'}. */
  private static final String TAIL = System.getProperty("raylog.scale.tail", "{max_open_files: 30000}");
  private static final String HEADER = "[2026-11-26 03:00:00,000 I 10 10] (raylet) scale.cc:1: ";
  private static final String SESSION = "session_2026-11-26_03-00-00_000001_1";
  private static final Pattern HTTP_PORT = Pattern.compile("http on 127\\.0\\.0\\.1:(\\d+)");

  @TempDir Path dir;

  @Test
  void measure() throws Exception {
    Path node = dir.resolve("node");
    Path output = dir.resolve("out/records.ndjson");
    try (NodeApiServer api = new NodeApiServer(); KubernetesClient kubectl = api.client()) {
      for (int p = 0; p < PODS; p++) {
        writePodFiles(node, kubectl.resource(pod("ray-" + p)).create(), FILES_PER_POD);
      }
      int files = PODS * FILES_PER_POD;
      Path config = dir.resolve("raylog.yaml");
      Files.writeString(config, """
          discovery:
            kubernetes: {node_name: node-1, host_root: %s}
          state_dir: %s
          tail: %s
          sinks:
            - {name: archive, type: file, path: %s}
          server: {address: 127.0.0.1, port: 0}
          """.formatted(node, dir.resolve("state"), TAIL, output));
      Path kubeconfig = dir.resolve("kubeconfig");
      Files.writeString(kubeconfig, """
          apiVersion: v1
          kind: Config
          clusters: [{name: mock, cluster: {server: "%s"}}]
          users: [{name: raylog, user: {token: t}}]
          contexts: [{name: mock, context: {cluster: mock, user: raylog}}]
          current-context: mock
          """.formatted(api.url()));
      NdjsonFile out = new NdjsonFile(output);
      long started = System.nanoTime();
      try (RaylogProcess raylog = RaylogProcess.start(dir, Map.of("KUBECONFIG", kubeconfig.toString()),
          "run", "--config", config.toString())) {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
            .until(() -> out.poll().size() >= 2 * files);
        double catchUpSeconds = (System.nanoTime() - started) / 1e9;

        Thread.sleep(5_000); // let the JIT and the first checkpoints settle
        long cpuBefore = cpuTicks(raylog.pid());
        long wallBefore = System.nanoTime();
        Thread.sleep(30_000);
        double idleCpu = (cpuTicks(raylog.pid()) - cpuBefore) / 100.0 / ((System.nanoTime() - wallBefore) / 1e9);
        long rssKib = rssKib(raylog.pid());
        Matcher port = HTTP_PORT.matcher(raylog.stderrText());
        assertThat(port.find()).isTrue();
        String metrics = get("http://127.0.0.1:" + port.group(1) + "/metrics");
        double heapBytes = sum(metrics, "jvm_memory_used_bytes\\{area=\"heap\"[^}]*\\} ([0-9.E+]+)");

        List<Double> pickupMillis = new ArrayList<>();
        for (int i = 0; i < NEW_PODS; i++) {
          Pod pod = kubectl.resource(pod("new-" + i)).create();
          long t0 = System.nanoTime();
          writePodFiles(node, pod, 1);
          String line = "new-" + i + " line 0";
          int seen = out.poll().size();
          await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> {
            List<tools.jackson.databind.JsonNode> records = out.poll();
            return records.subList(seen, records.size()).stream()
                .anyMatch(r -> r.get("message").asString().equals(line));
          });
          pickupMillis.add((System.nanoTime() - t0) / 1e6);
        }
        Collections.sort(pickupMillis);
        raylog.terminate(60);

        String report = """
            Kubernetes discovery at scale: %d Ray pods, %d files (%d per pod), mock API server, %d cores, tail: %s
              catch-up (start to every first line shipped): %.1f s
              idle CPU over 30 s: %.1f %% of one core
              resident memory: %d MiB (heap used %.0f MiB, -Xmx256m)
              new pod's first line to its record (pod created, emptyDir and file written at once): median %.0f ms, max %.0f ms (%d pods)
            """.formatted(PODS, files, FILES_PER_POD, Runtime.getRuntime().availableProcessors(), TAIL, catchUpSeconds,
            idleCpu * 100, rssKib / 1024, heapBytes / (1 << 20), pickupMillis.get(pickupMillis.size() / 2),
            pickupMillis.get(pickupMillis.size() - 1), NEW_PODS);
        System.out.print(report);
        Files.writeString(Path.of("target/kubernetes-scale.txt"), report);
      }
    }
  }

  private static Pod pod(String name) {
    return Serialization.unmarshal("""
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, namespace: ml, labels: {ray.io/cluster: big, ray.io/node-type: worker, ray.io/group: w}}
        spec:
          nodeName: node-1
          containers:
          - {name: ray, image: rayproject/ray, args: ["ray start --block"],
             volumeMounts: [{name: ray-logs, mountPath: /tmp/ray}]}
          volumes: [{name: ray-logs, emptyDir: {}}]
        """.formatted(name), Pod.class);
  }

  private static void writePodFiles(Path node, Pod pod, int count) throws IOException {
    Path logs = Files.createDirectories(node.resolve("var/lib/kubelet/pods/" + pod.getMetadata().getUid()
        + "/volumes/kubernetes.io~empty-dir/ray-logs/" + SESSION + "/logs"));
    for (int f = 0; f < count; f++) {
      String name = f == 0 ? "raylet.out" : "worker-%056x-01000000-%d.out".formatted(f, 1000 + f);
      // Two lines in Ray's C++ format: the second one closes the first record, which is the one timed (a lone last
      // line waits parse.multiline_timeout for a continuation; that is parsing, not discovery).
      Files.writeString(logs.resolve(name), HEADER + pod.getMetadata().getName() + " line " + f + "\n" + HEADER + "next\n");
    }
  }

  private static long cpuTicks(long pid) throws IOException {
    String[] fields = Files.readString(Path.of("/proc/" + pid + "/stat")).replaceAll(".*\\) ", "").split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (clock ticks, 100 per second)
  }

  private static long rssKib(long pid) throws IOException {
    return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
        .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1L);
  }

  private static String get(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static double sum(String metrics, String regex) {
    Matcher m = Pattern.compile(regex).matcher(metrics);
    double total = 0;
    while (m.find()) {
      total += Double.parseDouble(m.group(1));
    }
    return total;
  }
}
