package io.raylog.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.parse.RayFileNames;
import io.raylog.record.FileProgress;
import io.raylog.record.LogRecord;
import io.raylog.record.PodMetadata;
import io.raylog.record.SourceFile;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Index names from dates and record fields, made valid for Elasticsearch. */
class IndexPatternTest {
  static final long NOV_25_10H = 1_764_064_800_000L; // 2025-11-25T10:00:00Z

  static LogRecord record(String namespace, String cluster, String file) {
    PodMetadata pod = namespace == null ? null : PodMetadata.of(namespace, "head-x", "uid-1", "node-1", "ray-head",
        Map.of("team", "Search"), Map.of(), cluster, "head", "headgroup", "RayCluster", cluster);
    SourceFile source = new SourceFile("session_2026-11-25_10-00-00_123456_1", file, RayFileNames.classify(file),
        "/tmp/ray/session_2026-11-25_10-00-00_123456_1/logs/" + file, pod, false);
    return LogRecord.of(source, new FileProgress(1, 0), 0, 5, 0, LogRecord.UNKNOWN_TIME, "line", false);
  }

  @ParameterizedTest(name = "{0} for {1}/{2} → {3}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "raylog-%Y.%m.%d                       | prod      | raycluster-a | raylog-2025.11.25",
      "ray-{namespace}-{ray_cluster}         | prod      | raycluster-a | ray-prod-raycluster-a",
      "ray-{namespace}-{ray_cluster}-%Y.%m   | prod      | raycluster-a | ray-prod-raycluster-a-2025.11",
      "ray-{namespace}                       | -         | -            | ray-unknown",
      "ray-{ray_cluster}                     | prod      | ''           | ray-unknown",
      "ray-{namespace}                       | Team A/B  | c            | ray-team_a_b",
      "ray-{namespace}                       | 'x,y#z:w' | c            | ray-x_y_z_w",
      "{namespace}-logs                      | _private  | c            | private-logs",
      "{labels.team}-%H                      | prod      | c            | search-10",
  })
  void namesTheIndexOfARecord(String pattern, String namespace, String cluster, String expected) {
    assertThat(new IndexPattern(pattern).indexFor(record(namespace, cluster, "raylet.out"), NOV_25_10H + 1))
        .isEqualTo(expected);
  }

  @Test
  void aPerLineFieldIsReadForEachRecordAndAPerFileOneCachedPerFile() {
    IndexPattern byJob = new IndexPattern("ray-{job_id}");
    String worker = "worker-12b4d8641c7f0da733ccadc0a4765fc7f69dfb3ccfab07b3b7478a7d-02000000-18912.out";
    assertThat(byJob.indexFor(record("prod", "c", worker), NOV_25_10H)).isEqualTo("ray-02000000");
    assertThat(byJob.indexFor(record("prod", "c", "raylet.out"), NOV_25_10H)).isEqualTo("ray-unknown");

    IndexPattern byNamespace = new IndexPattern("ray-{namespace}-%H");
    LogRecord prod = record("prod", "c", "raylet.out");
    assertThat(byNamespace.indexFor(prod, NOV_25_10H)).isEqualTo("ray-prod-10");
    assertThat(byNamespace.indexFor(prod, NOV_25_10H)).isSameAs(byNamespace.indexFor(prod, NOV_25_10H + 1000));
    assertThat(byNamespace.indexFor(prod, NOV_25_10H + 3_600_000)).as("a new hour").isEqualTo("ray-prod-11");
    assertThat(byNamespace.indexFor(record("dev", "c", "raylet.out"), NOV_25_10H + 3_600_000))
        .isEqualTo("ray-dev-11");
  }
}
