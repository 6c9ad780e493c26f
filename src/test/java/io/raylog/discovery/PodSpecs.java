package io.raylog.discovery;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Pod specs for tests, written as the YAML users write. */
final class PodSpecs {
  static final String UID = "0f1e2d3c-aaaa-bbbb-cccc-000000000001";

  private PodSpecs() {}

  /** A pod in namespace {@code ml} named {@code name} on {@code node-1}; the arguments are YAML fragments. */
  static Pod pod(String name, String uid, String metadataExtra, String containers, String volumes) {
    String yaml = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
          namespace: ml
          uid: %s
        %s
        spec:
          nodeName: node-1
          containers:
        %s
          volumes:
        %s
        """.formatted(name, uid, indent(metadataExtra, 2), indent(containers, 4), indent(volumes, 4));
    return Serialization.unmarshal(yaml, Pod.class);
  }

  static Pod pod(String containers, String volumes) {
    return pod("raycluster-logs-head-x2k9d", UID, "", containers, volumes);
  }

  static String indent(String text, int spaces) {
    String pad = " ".repeat(spaces);
    return text.stripTrailing().lines().map(line -> pad + line).reduce((a, b) -> a + "\n" + b).orElse("");
  }
}
