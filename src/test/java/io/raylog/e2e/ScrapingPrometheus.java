package io.raylog.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raylog.deploy.MonitoringFiles;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus server (Debian's package) on loopback scraping one raylog every second as job {@code raylog},
 * with the target labels the chart's PodMonitor gives a raylog pod ({@link #TARGET_LABELS}) and raylog's alerting
 * rules loaded; queried through its HTTP API.
 */
final class ScrapingPrometheus implements AutoCloseable {
  /** What a PodMonitor (with the chart's node relabeling) sets on a raylog pod's series, besides job and instance. */
  static final Map<String, String> TARGET_LABELS = Map.of("namespace", "raylog", "pod", "raylog-x2k9d", "node", "node-1");

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern LISTENING = Pattern.compile("msg=\"Listening on\" address=127\\.0\\.0\\.1:(\\d+)");

  private final Process server;
  private final int port;

  private ScrapingPrometheus(Process server, int port) {
    this.server = server;
    this.port = port;
  }

  static ScrapingPrometheus start(Path dir, int raylogPort) throws Exception {
    Path prometheus = RequiredTool.find("prometheus", "prometheus");
    Path config = Files.writeString(dir.resolve("prometheus.yml"), """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        rule_files: ["%s"]
        scrape_configs:
          - job_name: raylog
            static_configs:
              - targets: ["127.0.0.1:%d"]
                labels: {namespace: "%s", pod: "%s", node: "%s"}
        """.formatted(MonitoringFiles.RULES.toAbsolutePath(), raylogPort, TARGET_LABELS.get("namespace"),
        TARGET_LABELS.get("pod"), TARGET_LABELS.get("node")));
    Path log = dir.resolve("prometheus.log");
    Process server = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:0")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      return new ScrapingPrometheus(server, awaitListening(server, log));
    } catch (RuntimeException | Error e) {
      server.destroyForcibly();
      throw e;
    }
  }

  /** The result of an instant query, which must be valid PromQL (Prometheus answers 400 with the error if not). */
  JsonNode query(String promql) throws Exception {
    return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).get("result");
  }

  /** Every rule group loaded from the rule file, as {@code /api/v1/rules} reports them (health, last error). */
  JsonNode ruleGroups() throws Exception {
    return get("/api/v1/rules?type=alert").get("groups");
  }

  private JsonNode get(String pathAndQuery) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + port + pathAndQuery);
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(pathAndQuery + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).get("data");
  }

  private static int awaitListening(Process server, Path log) {
    int[] port = new int[1];
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      String text = Files.readString(log);
      if (!server.isAlive()) {
        throw new AssertionError("prometheus exited:\n" + text);
      }
      Matcher matcher = LISTENING.matcher(text);
      if (matcher.find()) {
        port[0] = Integer.parseInt(matcher.group(1));
        return true;
      }
      return false;
    });
    return port[0];
  }

  @Override
  public void close() throws InterruptedException {
    server.destroy();
    if (!server.waitFor(30, TimeUnit.SECONDS)) {
      server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
