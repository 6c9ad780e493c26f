package io.raylog.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * raylog's /metrics as a real Prometheus (Debian's package) sees it: promtool accepts a scrape, and a Prometheus
 * server scraping the jar on loopback answers queries for raylog's series.
 */
class PrometheusIT {
  /** The series of what raylog does on main today; each must be in a scrape and in Prometheus. */
  static final List<String> EXPECTED = List.of(
      "raylog_files_watched", "raylog_files_released", "raylog_scan_duration_seconds_count", "raylog_scan_files", "raylog_files_opened_total", "raylog_files_open_failures_total",
      "raylog_lines_read_total", "raylog_bytes_read_total", "raylog_records_emitted_total",
      "raylog_sink_records_sent_total", "raylog_sink_bytes_sent_total", "raylog_sink_failures_total",
      "raylog_sink_retries_total", "raylog_sink_latency_seconds_bucket", "raylog_sink_batches_in_flight",
      "raylog_checkpoint_writes_total", "raylog_checkpoint_snapshots_total", "raylog_checkpoint_failures_total",
      "raylog_checkpoint_age_seconds",
      "raylog_pipeline_memory_bytes", "raylog_pipeline_memory_limit_bytes", "raylog_reading_paused",
      "raylog_lag_bytes", "raylog_lag_max_file_bytes", "raylog_watch_degraded_total",
      "jvm_memory_used_bytes", "jvm_gc_pause_seconds_count", "jvm_threads_live_threads",
      "process_cpu_seconds_total", "process_resident_memory_bytes", "process_files_open_files", "process_uptime_seconds");

  @TempDir Path dir;

  @Test
  void promtoolAcceptsAScrapeAndEveryRaylogMeterIsDescribedWithLowCardinalityLabels() throws Exception {
    Path promtool = RequiredTool.find("promtool", "prometheus");
    try (ServedRaylog raylog = ServedRaylog.start(dir)) {
      // Every record read is emitted and, once the file sink has written it, counted as sent.
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        String metrics = raylog.get("/metrics").body();
        double emitted = Scrapes.sum(metrics, "raylog_records_emitted_total");
        return emitted > 0 && Scrapes.sum(metrics, "raylog_sink_records_sent_total") == emitted;
      });
      String scrape = raylog.get("/metrics").body();
      Path file = Files.writeString(dir.resolve("scrape.txt"), scrape);

      Process check = new ProcessBuilder(promtool.toString(), "check", "metrics")
          .redirectInput(file.toFile()).redirectErrorStream(true).start();
      String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(check.exitValue()).as("promtool check metrics:\n" + output).isZero();

      assertThat(sampleNames(scrape)).containsAll(EXPECTED);
      // The README's metrics table lists every family raylog exposes.
      String readme = Files.readString(Path.of("README.md"));
      assertThat(scrape.lines().filter(l -> l.startsWith("# HELP raylog_")).map(l -> l.split(" ")[2])
          .filter(name -> !name.endsWith("_max")))
          .allSatisfy(family -> assertThat(readme).as("README metrics table").contains("`" + family + "`"));
      assertThat(scrape.lines().filter(l -> l.startsWith("# HELP raylog_")))
          .allSatisfy(help -> assertThat(help.split(" ", 4)).hasSize(4));
      // Never a path (nor anything else that grows with the files) as a label value.
      assertThat(scrape.lines().filter(l -> l.startsWith("raylog_") && l.contains("{")))
          .allSatisfy(line -> assertThat(line.substring(line.indexOf('{'), line.indexOf('}'))).doesNotContain("/"));
    }
  }

  @Test
  void aRealPrometheusScrapesRaylogAndAnswersQueriesForItsSeries() throws Exception {
    try (ServedRaylog raylog = ServedRaylog.start(dir); ScrapingPrometheus prometheus = ScrapingPrometheus.start(dir, raylog.port())) {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        JsonNode up = prometheus.query("up{job=\"raylog\"}");
        assertThat(up).as("up{job=raylog}").hasSize(1);
        assertThat(up.get(0).get("value").get(1).asString()).isEqualTo("1");
        assertThat(names(prometheus.query("count by (__name__) ({job=\"raylog\"})"))).containsAll(EXPECTED);
        assertThat(Double.parseDouble(prometheus.query("sum(raylog_records_emitted_total)").get(0).get("value").get(1).asString()))
            .isGreaterThan(0);
      });
      JsonNode bySink = prometheus.query("raylog_sink_records_sent_total");
      assertThat(bySink.get(0).get("metric").get("sink").asString()).isEqualTo("archive");
      assertThat(bySink.get(0).get("metric").get("type").asString()).isEqualTo("file");
    }
  }

  private static Set<String> names(JsonNode result) {
    Set<String> names = new HashSet<>();
    result.forEach(series -> names.add(series.get("metric").get("__name__").asString()));
    return names;
  }

  static Set<String> sampleNames(String scrape) {
    Set<String> names = new HashSet<>();
    scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(l -> names.add(l.split("[{ ]", 2)[0]));
    return names;
  }
}
