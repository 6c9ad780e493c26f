package io.raylog.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Ray pods in namespace {@code ml} for the end-to-end runs against the mock API server, written as the YAML users
 * write: one container {@code ray}, and where its {@code /tmp/ray} lives is what a test varies.
 */
final class RayPods {
  /** The Ray docs' layout: an emptyDir {@code ray-logs} mounted at /tmp/ray (container lines, then volume lines). */
  static final String EMPTY_DIR_MOUNT = "volumeMounts: [{name: ray-logs, mountPath: /tmp/ray}]";
  static final String EMPTY_DIR_VOLUME = "- {name: ray-logs, emptyDir: {}}";

  /** A hostPath {@code /var/log/ray} shared by the node's pods, each in its own {@code <namespace>_<name>} below it. */
  static final String PER_POD_SUBPATH_MOUNT = """
      env:
      - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
      - {name: POD_NAMESPACE, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
      volumeMounts: [{name: l, mountPath: /tmp/ray, subPathExpr: "$(POD_NAMESPACE)_$(POD_NAME)"}]
      """;
  static final String SHARED_HOST_PATH_VOLUME = "- {name: l, hostPath: {path: /var/log/ray}}";

  private RayPods() {}

  /**
   * A pod of {@code node}; the other arguments are YAML: the labels' entries, the lines of the container after its
   * name and image, and the items of {@code volumes}.
   */
  static Pod pod(String name, String node, String labels, String container, String volumes) {
    return Serialization.unmarshal("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
          namespace: ml
          labels: {%s}
        spec:
          nodeName: %s
          containers:
          - name: ray
            image: rayproject/ray:2.52.0
        %s
          volumes:
        %s
        """.formatted(name, labels, node, indent(container, 4), indent(volumes, 2)), Pod.class);
  }

  /** A pod of node-1 in the Ray docs' layout (its logs in an emptyDir). */
  static Pod emptyDirPod(String name, String labels) {
    return pod(name, "node-1", labels, EMPTY_DIR_MOUNT, EMPTY_DIR_VOLUME);
  }

  /** KubeRay's labels of a pod of {@code cluster}: its node type, and the group KubeRay names after it. */
  static String labels(String cluster, String type) {
    return "ray.io/cluster: %s, ray.io/node-type: %s, ray.io/group: %s"
        .formatted(cluster, type, type.equals("head") ? "headgroup" : "workers");
  }

  /** Where the kubelet keeps the {@code ray-logs} emptyDir of {@code pod} under a node's root, created. */
  static Path emptyDir(Path node, Pod pod) throws IOException {
    return Files.createDirectories(node.resolve("var/lib/kubelet/pods/" + pod.getMetadata().getUid()
        + "/volumes/kubernetes.io~empty-dir/ray-logs"));
  }

  private static String indent(String text, int spaces) {
    return text.stripTrailing().lines().map(l -> " ".repeat(spaces) + l).reduce((a, b) -> a + "\n" + b).orElse("");
  }
}
