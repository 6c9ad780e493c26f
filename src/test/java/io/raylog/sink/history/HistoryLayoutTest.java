package io.raylog.sink.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.sink.history.HistoryLayout.Cluster;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The keys of kuberay's historyserver/pkg/storage/clusterlogs/clusterlogs.go and
 * historyserver/pkg/storage/clustermetadata/clustermetadata.go (commit feeaf72), worked out by hand from their Go
 * code for each row: path.Join and path.Clean semantics, the owner rule, the metadata's "_" connector.
 */
class HistoryLayoutTest {
  static final String SESSION = "session_2026-11-25_10-00-00_123456_1";
  static final String NODE = "fb051b3a21b3d6ae57c4f71cbb51d5f81894f775fce97dbf308a3f9f";

  static Stream<Arguments> logKeys() {
    return Stream.of(
        // root, owner kind, owner name, namespace, cluster, file, key
        Arguments.of("", "RayCluster", "raycluster-logs", "default", "raycluster-logs", "raylet.out",
            "cluster-history/raycluster/default/raycluster-logs/" + SESSION + "/" + NODE + "/logs/raylet.out"),
        Arguments.of("", "", "", "default", "rc", "events/event_GCS.log",
            "cluster-history/raycluster/default/rc/" + SESSION + "/" + NODE + "/logs/events/event_GCS.log"),
        Arguments.of("", "RayJob", "my-job", "team-a", "my-job-raycluster-x2k9d", "raylet.out",
            "cluster-history/rayjob/team-a/my-job/my-job-raycluster-x2k9d/" + SESSION + "/" + NODE
                + "/logs/raylet.out"),
        Arguments.of("", "RayService", "serve", "prod", "serve-raycluster-abcde", "serve/controller_702.log",
            "cluster-history/rayservice/prod/serve/serve-raycluster-abcde/" + SESSION + "/" + NODE
                + "/logs/serve/controller_702.log"),
        // a kind the server does not know, or an owner without a name: a cluster of its own
        Arguments.of("", "Deployment", "d", "default", "rc", "raylet.out",
            "cluster-history/raycluster/default/rc/" + SESSION + "/" + NODE + "/logs/raylet.out"),
        Arguments.of("", "RayJob", " ", "default", "rc", "raylet.out",
            "cluster-history/raycluster/default/rc/" + SESSION + "/" + NODE + "/logs/raylet.out"),
        // clusterlogs trims the kind and the owner's name
        Arguments.of("", " rayjob ", " job ", "default", "rc", "raylet.out",
            "cluster-history/rayjob/default/job/rc/" + SESSION + "/" + NODE + "/logs/raylet.out"),
        // the root dir joined and cleaned as path.Join does
        Arguments.of("ray-history", "RayCluster", "rc", "default", "rc", "raylet.out",
            "ray-history/cluster-history/raycluster/default/rc/" + SESSION + "/" + NODE + "/logs/raylet.out"),
        Arguments.of("a//b/", "RayCluster", "rc", "default", "rc", "raylet.out",
            "a/b/cluster-history/raycluster/default/rc/" + SESSION + "/" + NODE + "/logs/raylet.out"),
        Arguments.of("/abs", "RayCluster", "rc", "default", "rc", "old/worker-1.out",
            "/abs/cluster-history/raycluster/default/rc/" + SESSION + "/" + NODE + "/logs/old/worker-1.out"));
  }

  @ParameterizedTest
  @MethodSource("logKeys")
  void logKeysAreClusterLogsLogsDirJoinedWithThePathUnderLogs(String root, String kind, String owner,
      String namespace, String cluster, String file, String key) {
    assertThat(HistoryLayout.logKey(root, new Cluster(kind, owner, namespace, cluster), SESSION, NODE, file))
        .isEqualTo(key);
  }

  static Stream<Arguments> metadataKeys() {
    return Stream.of(
        Arguments.of("", "RayCluster", "rc", "default", "rc",
            "cluster-metadata/raycluster/default_rc/" + SESSION),
        Arguments.of("", null, null, "default", "rc", "cluster-metadata/raycluster/default_rc/" + SESSION),
        Arguments.of("", "RayJob", "my-job", "team-a", "my-job-raycluster-x2k9d",
            "cluster-metadata/rayjob/team-a_my-job_my-job-raycluster-x2k9d/" + SESSION),
        Arguments.of("", "RayService", "serve", "prod", "serve-raycluster-abcde",
            "cluster-metadata/rayservice/prod_serve_serve-raycluster-abcde/" + SESSION),
        Arguments.of("ray-history", "RayCluster", "rc", "default", "rc",
            "ray-history/cluster-metadata/raycluster/default_rc/" + SESSION),
        Arguments.of("root/", "RayJob", "j", "ns", "c", "root/cluster-metadata/rayjob/ns_j_c/" + SESSION));
  }

  @ParameterizedTest
  @MethodSource("metadataKeys")
  void metadataKeysAreClusterMetadataEncodePath(String root, String kind, String owner, String namespace,
      String cluster, String key) {
    assertThat(HistoryLayout.metadataKey(root, new Cluster(kind, owner, namespace, cluster), SESSION)).isEqualTo(key);
  }

  static Stream<Arguments> eventDirs() {
    Cluster cluster = new Cluster("RayJob", "j", "ns", "c");
    return Stream.of(
        Arguments.of(HistoryLayout.nodeEventsDir("", cluster, SESSION, NODE),
            "cluster-history/rayjob/ns/j/c/" + SESSION + "/" + NODE + "/node_events"),
        Arguments.of(HistoryLayout.jobEventsDir("", cluster, SESSION, NODE, ""),
            "cluster-history/rayjob/ns/j/c/" + SESSION + "/" + NODE + "/job_events"),
        Arguments.of(HistoryLayout.jobEventsDir("r", cluster, SESSION, NODE, "01000000"),
            "r/cluster-history/rayjob/ns/j/c/" + SESSION + "/" + NODE + "/job_events/01000000"));
  }

  @ParameterizedTest
  @MethodSource("eventDirs")
  void eventDirectoriesAreClusterLogsNodeAndJobEventsDirs(String actual, String expected) {
    assertThat(actual).isEqualTo(expected);
  }

  static Stream<Arguments> goPaths() {
    return Stream.of(
        Arguments.of("", "."), Arguments.of("a/b", "a/b"), Arguments.of("a//b/", "a/b"), Arguments.of("/", "/"),
        Arguments.of("a/./b", "a/b"), Arguments.of("a/../b", "b"), Arguments.of("../a", "../a"),
        Arguments.of("/../a", "/a"), Arguments.of("a/b/..", "a"), Arguments.of("a/..", "."));
  }

  @ParameterizedTest
  @MethodSource("goPaths")
  void cleanIsGosPathClean(String path, String cleaned) {
    assertThat(HistoryLayout.clean(path)).isEqualTo(cleaned);
  }
}
