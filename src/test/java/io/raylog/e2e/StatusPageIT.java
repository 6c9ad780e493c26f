package io.raylog.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.raylog.status.StatusPage;
import java.awt.image.BufferedImage;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The status page as a person sees it: in headless Chromium, against the running jar and against future snapshots. */
class StatusPageIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;

  @Test
  void thePageRendersTheRunningAgentsFilesAndSinks() throws Exception {
    Chromium chromium = new Chromium(dir);
    try (ServedRaylog raylog = ServedRaylog.start(dir)) {
      // Settled: the same files and records sent in two snapshots in a row, so the page renders what this one says.
      AtomicReference<String> previous = new AtomicReference<>("");
      JsonNode status = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
          .until(() -> JSON.readTree(raylog.get("/status").body()), s -> {
            String progress = s.get("files").size() + "/" + s.get("sinks").get(0).get("records_sent").asLong();
            return s.get("files").size() > 0 && s.get("sinks").get(0).get("records_sent").asLong() > 0
                && progress.equals(previous.getAndSet(progress));
          });
      assertThat(status.get("pipeline").get("reading_paused").asBoolean()).isFalse();
      assertThat(status.get("checkpoint").get("age_ms").asLong()).isGreaterThanOrEqualTo(0);
      assertThat(status.get("sinks").get(0).get("health").asString()).isEqualTo("ok");
      // The probes of the DaemonSet: the tail thread and every event loop alive, every stage started.
      assertThat(raylog.get("/healthz")).satisfies(r -> assertThat(r.statusCode()).isEqualTo(200))
          .satisfies(r -> assertThat(r.body()).isEqualTo("ok\n"));
      assertThat(raylog.get("/readyz")).satisfies(r -> assertThat(r.statusCode()).isEqualTo(200));

      HttpResponse<String> page = raylog.get("/");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
      // Self-contained: opened through a port-forward, often without internet.
      assertThat(page.body()).doesNotContain("http://", "https://", "<link", "src=");

      String dom = rendered(chromium.dumpDom(raylog.url("/")));
      assertThat(dom).contains("<section id=\"files\">", "<section id=\"sinks\">", ">archive<", ">ok<");
      for (JsonNode file : status.get("files")) {
        assertThat(dom).contains(">" + file.get("path").asString() + "<");
      }
      assertThat(filesTableRows(dom)).isEqualTo(status.get("files").size());
      assertThat(dom).contains("id=\"error\" style=\"display: none;\"").contains("updated ");

      Path screenshot = chromium.screenshot(raylog.url("/"));
      assertRendered(screenshot);
    }
  }

  @Test
  void sectionsAndKeysThePageDoesNotKnowAreShownToo() throws Exception {
    Chromium chromium = new Chromium(dir);
    String snapshot = """
        {"uptime_ms": 3600000,
         "pipeline": {"memory_bytes": 16000000, "memory_limit_bytes": 16777216, "reading_paused": true},
         "checkpoint": {"age_ms": 1200, "writes": 40, "failures": 0},
         "kubernetes": {"informer_synced": true, "api_errors": 3},
         "sinks": [{"name": "loki", "type": "loki", "health": "failing", "records_sent": 5, "endpoint": "loki.monitoring:3100",
                    "last_error": "java.net.ConnectException: Connection refused"}],
         "pods": [{"namespace": "ray", "name": "raycluster-head-x2k9d",
                   "directories": ["ray-head: /var/lib/kubelet/pods/u1/volumes/kubernetes.io~empty-dir/ray-logs",
                                   "autoscaler: /var/lib/kubelet/pods/u1/volumes/kubernetes.io~empty-dir/ray-logs"]},
                  {"namespace": "ray", "name": "raycluster-worker-7f6", "directories": [],
                   "problems": ["container ray-worker: no_volume (no volume is mounted at /tmp/ray); fix: mount an emptyDir at /tmp/ray, or a hostPath with a per-pod subPathExpr"]}],
         "files": [{"path": "/tmp/ray/session_2026-11-25_10-00-00_123456_1/logs/raylet.out", "pod": "raycluster-head-x2k9d",
                    "component": "raylet", "size": 2048, "read_offset": 2048, "committed_offset": 1024, "lag_bytes": 1024,
                    "state": "following"}]}
        """;
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      boolean status = exchange.getRequestURI().getPath().equals("/status");
      byte[] body = (status ? snapshot : StatusPage.html()).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", status ? "application/json" : "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      String dom = rendered(chromium.dumpDom("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
      assertThat(dom).contains("<section id=\"pods\">", ">raycluster-worker-7f6<", "no_volume", "per-pod subPathExpr",
          "<tr class=\"problem\">", "2, 1 with unreadable logs");
      // A list in a cell is one item per line.
      assertThat(dom).contains("ray-head: /var/lib/kubelet/pods/u1/volumes/kubernetes.io~empty-dir/ray-logs<br>autoscaler: ");
      assertThat(dom).contains("<section id=\"kubernetes\">", "informer synced", "api errors");
      assertThat(dom).contains(">endpoint<", "loki.monitoring:3100", ">failing<", "Connection refused");
      assertThat(dom).contains(">paused<", "memory limit reached: sinks are behind", "60 min");
      assertThat(dom).contains(">pod<", ">raycluster-head-x2k9d<", "1.0 KiB");
    } finally {
      server.stop(0);
    }
  }

  /** The DOM without the page's script, so that only what the script rendered can match. */
  private static String rendered(String dom) {
    return dom.replaceAll("(?s)<script>.*?</script>", "");
  }

  /** Rows of the files table (the header row excluded). */
  private static int filesTableRows(String dom) {
    String files = dom.substring(dom.indexOf("<section id=\"files\">"));
    files = files.substring(0, files.indexOf("</section>"));
    return files.split("<tr", -1).length - 2;
  }

  /** Not blank: the dark header bar is there, and the page has text (many colours) over much of its area. */
  private static void assertRendered(Path png) throws Exception {
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1280);
    assertThat(image.getHeight()).isEqualTo(900);
    Set<Integer> colours = new HashSet<>();
    long nonWhite = 0;
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        colours.add(rgb);
        if (rgb != 0xFFFFFF) {
          nonWhite++;
        }
      }
    }
    assertThat(colours.size()).as("distinct colours in the screenshot").isGreaterThan(50);
    assertThat(nonWhite).as("non-white pixels (of %d sampled)", 640 * 450).isGreaterThan(640 * 450 / 20);
    int header = image.getRGB(5, 5) & 0xFFFFFF;
    assertThat((header >> 16 & 0xFF) + (header >> 8 & 0xFF) + (header & 0xFF)).as("the dark header bar").isLessThan(200);
  }
}
