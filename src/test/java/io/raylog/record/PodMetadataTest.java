package io.raylog.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.raylog.enrich.EnvironmentPodMetadata;
import io.raylog.enrich.KeyAllowlist;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON computed once per pod, the allowlists, and metadata from environment variables. */
class PodMetadataTest {
  private static String text(byte[] json) {
    return new String(json, StandardCharsets.UTF_8);
  }

  @Test
  void encodesOnlyWhatIsKnownWithKeysSortedAndEscaped() {
    PodMetadata full = PodMetadata.of("ml", "p", "u", "n", "c", Map.of("b", "2", "a", "1\""), Map.of("x", "y"),
        "cl", "worker", "g", "RayJob", "job");
    PodMetadata bare = PodMetadata.of("ml", "p", null, null, null, Map.of(), Map.of(), null, null, null, null, null);

    assertThat(text(full.k8sJson())).isEqualTo("\"k8s\":{\"namespace\":\"ml\",\"pod\":\"p\",\"pod_uid\":\"u\","
        + "\"node\":\"n\",\"container\":\"c\",\"labels\":{\"a\":\"1\\\"\",\"b\":\"2\"},\"annotations\":{\"x\":\"y\"},"
        + "\"owner\":{\"kind\":\"RayJob\",\"name\":\"job\"}}");
    assertThat(text(full.rayFieldsJson())).isEqualTo(",\"cluster\":\"cl\",\"node_type\":\"worker\",\"group\":\"g\"");
    assertThat(text(bare.k8sJson())).isEqualTo("\"k8s\":{\"namespace\":\"ml\",\"pod\":\"p\"}");
    assertThat(bare.rayFieldsJson()).isEmpty();
  }

  @Test
  void allowlistsTakeExactKeysAndPrefixes() {
    KeyAllowlist allow = new KeyAllowlist(List.of("ray.io/*", "team"));

    assertThat(allow.filter(Map.of("ray.io/cluster", "c", "team", "t", "teams", "x", "app", "y")))
        .containsOnlyKeys("ray.io/cluster", "team");
    assertThat(new KeyAllowlist(List.of()).filter(Map.of("a", "b"))).isEmpty();
  }

  @Test
  void environmentVariablesGiveMetadataOnlyWithPodNameAndNamespace() {
    assertThat(EnvironmentPodMetadata.from(Map.of("POD_NAME", "p"))).isNull();
    assertThat(EnvironmentPodMetadata.from(Map.of())).isNull();

    PodMetadata pod = EnvironmentPodMetadata.from(Map.of("POD_NAME", "p", "POD_NAMESPACE", "ml", "NODE_NAME", "n",
        "RAY_CLUSTER_NAME", "c", "RAY_NODE_TYPE_NAME", "gpu"));
    assertThat(pod.node()).isEqualTo("n");
    assertThat(pod.podUid()).isNull();
    assertThat(pod.group()).isEqualTo("gpu");
    assertThat(pod.ownerKind()).isEqualTo("RayCluster");
  }
}
