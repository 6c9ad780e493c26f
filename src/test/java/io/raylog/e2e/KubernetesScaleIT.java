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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale measurement of Kubernetes discovery (it prints figures, and fails only if raylog does not catch up): a
 * node with 200 Ray pods whose emptyDirs hold 100 log files each (20,000 files), the built jar with the container
 * image's JVM options ({@code collector/jvm.options}) against the mock API server, at raylog's default configuration
 * (no {@code tail} section), with a descriptor limit below the number of files ({@code ulimit -n 16384}, soft and
 * hard, so the JVM cannot raise it), so that raylog cannot hold every file open at once and must release and re-open
 * them (issue 15). Measures the catch-up, idle CPU over a scan period, resident memory, and the time from a new pod's first
 * line to its record in the sink. Skipped unless asked for:
 *
 * <pre>mvn -B -ntp verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=KubernetesScaleIT -Draylog.scale=true</pre>
 *
 * <p>{@code -Draylog.scale.files=N} sets the files per pod, {@code -Draylog.scale.tail='{…}'} the {@code tail}
 * section, {@code -Draylog.scale.nofile=N} the descriptor limit, {@code -Draylog.scale.settle=S} the seconds from the
 * catch-up to the idle period (default 60), {@code -Draylog.scale.idle=S} the idle period (default 60, the scan's) and {@code -Draylog.scale.catchup=S} the longest wait
 * in seconds for the catch-up (default 300; it also gives up after 60 s without a new record). The figures also go
 * to {@code target/kubernetes-scale.txt}, those of a catch-up that did not finish too.
 */
@EnabledIfSystemProperty(named = "raylog.scale", matches = "true")
class KubernetesScaleIT {
  private static final int PODS = 200;
  /** 200 × 100 = 20,000 files, more than the descriptor limit below. */
  private static final int FILES_PER_POD = Integer.getInteger("raylog.scale.files", 100);
  private static final int NEW_PODS = 5;
  /** The {@code tail} section: {@code -Draylog.scale.tail='{…}'}; by default none, raylog's defaults. */
  private static final String TAIL = System.getProperty("raylog.scale.tail", "{}");
  /** raylog's descriptor limit (soft and hard), below the number of files; at most the machine's hard limit. */
  private static final int NOFILE = Integer.getInteger("raylog.scale.nofile", 16_384);
  private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(Integer.getInteger("raylog.scale.catchup", 300));
  private static final Duration CATCH_UP_STALL = Duration.ofSeconds(60);
  /** One period of the backstop scan (discovery.kubernetes.scan_interval, 60 s): a shorter window has one scan or none. */
  private static final Duration IDLE = Duration.ofSeconds(Integer.getInteger("raylog.scale.idle", 60));
  /**
   * From the catch-up to the idle period: the JIT compiles the scan's and the read loop's code during the first
   * scans after a catch-up (C2 alone takes ~1.5% of a core for a few tens of seconds), which is start-up, not idle.
   */
  private static final Duration SETTLE = Duration.ofSeconds(Integer.getInteger("raylog.scale.settle", 60));
  private static final String HEADER = "[2026-11-26 03:00:00,000 I 10 10] (raylet) scale.cc:1: ";
  private static final String SESSION = "session_2026-11-26_03-00-00_000001_1";
  private static final Pattern FOLLOWING = Pattern.compile("following up to \\d+ files at once[^\\n]*");
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
      // The limit applies to raylog's process only: bash lowers it (soft and hard) and becomes the JVM.
      List<String> lowerLimit = List.of("bash", "-c", "ulimit -n " + NOFILE + " && exec \"$@\"", "bash");
      try (RaylogProcess raylog = RaylogProcess.startAsInImage(dir, Map.of("KUBECONFIG", kubeconfig.toString()),
          lowerLimit, "run", "--config", config.toString())) {
        String notCaughtUp = awaitCatchUp(raylog, out, files, started);
        double catchUpSeconds = (System.nanoTime() - started) / 1e9;
        String limit = descriptorLimit(raylog);
        long rssCaughtUpKib = statusKib(raylog.pid(), "VmRSS");
        if (notCaughtUp != null) {
          String report = """
              Kubernetes discovery at scale: %d Ray pods, %d files (%d per pod), mock API server, %d cores, tail: %s, \
              collector/jvm.options, descriptor limit %s
                catch-up: NOT CAUGHT UP: %s
                resident memory then: %d MiB (peak %d MiB); descriptors held: %d; %s
              """.formatted(PODS, files, FILES_PER_POD, Runtime.getRuntime().availableProcessors(), TAIL, limit,
              notCaughtUp, rssCaughtUpKib / 1024, statusKib(raylog.pid(), "VmHWM") / 1024,
              descriptors(raylog.pid()), filesMetrics(raylog));
          System.out.print(report);
          Files.writeString(Path.of("target/kubernetes-scale.txt"), report);
          throw new AssertionError("raylog did not catch up: " + notCaughtUp + " (figures in target/kubernetes-scale.txt)");
        }

        long cpuCaughtUp = cpuTicks(raylog.pid());
        long wallCaughtUp = System.nanoTime();
        Thread.sleep(SETTLE.toMillis());
        double settleCpu = (cpuTicks(raylog.pid()) - cpuCaughtUp) / 100.0 / ((System.nanoTime() - wallCaughtUp) / 1e9);
        long cpuBefore = cpuTicks(raylog.pid());
        Map<String, Long> threadsBefore = ThreadTicks.of(raylog.pid());
        long wallBefore = System.nanoTime();
        Thread.sleep(IDLE.toMillis());
        double idleCpu = (cpuTicks(raylog.pid()) - cpuBefore) / 100.0 / ((System.nanoTime() - wallBefore) / 1e9);
        String busiestThreads = ThreadTicks.busiest(threadsBefore, ThreadTicks.of(raylog.pid()), 6);
        long rssKib = statusKib(raylog.pid(), "VmRSS");
        long hwmKib = statusKib(raylog.pid(), "VmHWM");
        int descriptors = descriptors(raylog.pid());
        String metrics = get("http://127.0.0.1:" + httpPort(raylog) + "/metrics");
        double heapBytes = sum(metrics, "jvm_memory_used_bytes\\{area=\"heap\"[^}]*\\} ([0-9.E+]+)");
        String filesMetrics = filesMetrics(metrics);

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
            Kubernetes discovery at scale: %d Ray pods, %d files (%d per pod), mock API server, %d cores, tail: %s, \
            collector/jvm.options, descriptor limit %s
              catch-up (start to every line shipped): %.1f s (resident memory then %d MiB)
              CPU from the catch-up to %d s after it: %.1f %% of one core
              idle CPU over the %d s after that: %.1f %% of one core (CPU ticks by thread: %s)
              resident memory after the idle period: %d MiB, peak %d MiB (heap used %.0f MiB)
              descriptors held after the idle period: %d; %s
              new pod's first line to its record (pod created, emptyDir and file written at once): median %.0f ms, max %.0f ms (%d pods)
            """.formatted(PODS, files, FILES_PER_POD, Runtime.getRuntime().availableProcessors(), TAIL, limit,
            catchUpSeconds, rssCaughtUpKib / 1024, SETTLE.toSeconds(), settleCpu * 100, IDLE.toSeconds(),
            idleCpu * 100, busiestThreads, rssKib / 1024, hwmKib / 1024,
            heapBytes / (1 << 20), descriptors, filesMetrics, pickupMillis.get(pickupMillis.size() / 2),
            pickupMillis.get(pickupMillis.size() - 1), NEW_PODS);
        System.out.print(report);
        Files.writeString(Path.of("target/kubernetes-scale.txt"), report);
      }
    }
  }

  /**
   * Waits until the sink holds both lines of every file; returns null then, or how far raylog got when it gives up:
   * after {@link #CATCH_UP_LIMIT}, or {@link #CATCH_UP_STALL} without a new record. Fails at once if raylog exits.
   */
  private static String awaitCatchUp(RaylogProcess raylog, NdjsonFile out, int files, long started) throws Exception {
    int records = 0;
    long lastProgress = System.nanoTime();
    while (true) {
      int now = out.poll().size();
      if (now >= 2 * files) {
        return null;
      }
      if (!raylog.isAlive()) {
        throw new AssertionError("raylog exited during the catch-up, with " + now + " of " + 2 * files
            + " records:\n" + raylog.stderrText());
      }
      if (now != records) {
        records = now;
        lastProgress = System.nanoTime();
      }
      long elapsed = System.nanoTime() - started;
      boolean stalled = System.nanoTime() - lastProgress > CATCH_UP_STALL.toNanos();
      if (elapsed > CATCH_UP_LIMIT.toNanos() || stalled) {
        return "%d of %d files caught up (%d of %d records) after %.0f s (%s)".formatted(filesCaughtUp(out.poll()),
            files, records, 2 * files, elapsed / 1e9, stalled ? "no new record for " + CATCH_UP_STALL.toSeconds()
                + " s" : "the limit of " + CATCH_UP_LIMIT.toSeconds() + " s, -Draylog.scale.catchup");
      }
      Thread.sleep(200);
    }
  }

  /** Files both of whose lines are in the sink (a file is its pod and its path: every pod has the same names). */
  private static long filesCaughtUp(List<tools.jackson.databind.JsonNode> records) {
    Map<String, Integer> perFile = new HashMap<>();
    for (tools.jackson.databind.JsonNode r : records) {
      perFile.merge(r.path("k8s").path("pod").asString() + "/" + r.path("log").path("path").asString(), 1,
          Integer::sum);
    }
    return perFile.values().stream().filter(n -> n >= 2).count();
  }

  private static String httpPort(RaylogProcess raylog) throws IOException {
    Matcher port = HTTP_PORT.matcher(raylog.stderrText());
    assertThat(port.find()).isTrue();
    return port.group(1);
  }

  /** raylog's {@code raylog_files_*} metrics, on one line; "no /metrics" if it does not answer. */
  private static String filesMetrics(RaylogProcess raylog) {
    try {
      return filesMetrics(get("http://127.0.0.1:" + httpPort(raylog) + "/metrics"));
    } catch (Exception | AssertionError e) {
      return "no /metrics (" + e + ")";
    }
  }

  private static String filesMetrics(String metrics) {
    String files = metrics.lines().filter(l -> l.startsWith("raylog_files_")).collect(Collectors.joining(", "));
    return files.isEmpty() ? "no raylog_files_* metric" : files;
  }

  /**
   * "16384 soft, 16384 hard" from /proc (read once raylog runs, not as bash starts), and what raylog says it makes of
   * it at start-up, if it says so.
   */
  private static String descriptorLimit(RaylogProcess raylog) throws IOException {
    String limit = Files.readAllLines(Path.of("/proc/" + raylog.pid() + "/limits")).stream()
        .filter(l -> l.startsWith("Max open files"))
        .map(l -> l.trim().split("\\s+")).map(f -> f[3] + " soft, " + f[4] + " hard").findFirst().orElse("unknown");
    Matcher said = FOLLOWING.matcher(raylog.stderrText());
    return said.find() ? limit + " (raylog: " + said.group() + ")" : limit;
  }

  private static int descriptors(long pid) {
    String[] fds = Path.of("/proc/" + pid + "/fd").toFile().list();
    return fds == null ? -1 : fds.length;
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

  private static long statusKib(long pid, String key) throws IOException {
    return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith(key + ":"))
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
