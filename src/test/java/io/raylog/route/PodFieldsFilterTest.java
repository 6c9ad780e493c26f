package io.raylog.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.parse.RayFileNames;
import io.raylog.record.FileProgress;
import io.raylog.record.LogRecord;
import io.raylog.record.PodMetadata;
import io.raylog.record.SourceFile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Filters on the pod metadata Kubernetes discovery puts on a record's source file, read through RecordFields. */
class PodFieldsFilterTest {
  static LogRecord record(PodMetadata pod) {
    SourceFile source = new SourceFile("session_2026-11-25_10-00-00_123456_1", "raylet.out",
        RayFileNames.classify("raylet.out"), "/tmp/ray/session_2026-11-25_10-00-00_123456_1/logs/raylet.out",
        pod, false);
    return LogRecord.of(source, new FileProgress(1, 0), 0, 5, 0, LogRecord.UNKNOWN_TIME, "line", false);
  }

  @Test
  void namespaceClusterNodeTypeAndLabelsComeFromThePod() throws FilterSyntaxException {
    PodMetadata pod = PodMetadata.of("ml", "raycluster-a-head-x2k9d", "uid-1", "node-1", "ray-head",
        Map.of("ray.io/cluster", "raycluster-a", "team", "search"), Map.of(), "raycluster-a", "head", "headgroup",
        "RayCluster", "raycluster-a");
    LogRecord inPod = record(pod);
    LogRecord static_ = record(null);
    FilterExpression filter = FilterExpression.parse(
        "namespace == ml and ray_cluster == raycluster-a and node_type == head and labels.team == search"
            + " and pod == raycluster-a-head-x2k9d and container == ray-head and node == node-1");
    assertThat(filter.accepts(inPod)).isTrue();
    assertThat(filter.accepts(static_)).as("no pod metadata: the fields equal nothing").isFalse();
    assertThat(FilterExpression.parse("namespace != ml").accepts(static_)).isTrue();
    assertThat(FilterExpression.parse("labels.team in (infra, ops)").accepts(inPod)).isFalse();
  }
}
